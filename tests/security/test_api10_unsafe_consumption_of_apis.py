"""OWASP API10:2023 Unsafe Consumption of APIs — what Quid takes from the firm's identity provider.

The one outside API Quid consumes is the OpenID provider: its discovery document, its keys,
its token endpoint and the claims it sends about a person. Quid treats all of it as input:
claims are checked like a client's body (an email it can store, a name it can show, a
division and role it knows), a provider answering something other than OpenID JSON, or not
answering in time, is a clear 502, and nothing is created from a sign-in Quid refused.
Forged, expired and replayed ID tokens are covered in tests/test_single_sign_on.py.
"""

import http.server
import threading

import pytest

from shared.limits import DISPLAY_NAME_MAX_LENGTH
from tests.support.assertions import assert_error
from tests.test_single_sign_on import (
    SignIn,
    audit_actions,
    people_count,
    provider,  # noqa: F401  (the module's running provider)
)


@pytest.fixture
def sso(app, api, provider):  # noqa: F811  (the fixture above)
    """Single sign-on switched on for this test, with roles taken from a groups claim."""
    app.config.update(provider.quid_settings(OIDC_ROLE_CLAIM="groups"))
    provider.tamper("")
    api.division("Pre-Sales")
    return provider


@pytest.mark.parametrize(
    "name",
    [
        "Nul\x00Byte Person",
        "Tab\tand\nnewline\rand\x1bescape",
        "Right\u202eto-left override",
        "n" * 10_000,
        "   ",
        "\ud800 lone surrogate",
    ],
)
def test_a_hostile_name_from_the_provider_is_cleaned_before_it_is_stored_or_shown(api, sso, name):
    sso.add_account("pat-sub", email="pat@firm.example", name=name, division="Pre-Sales")
    session = SignIn(api, sso).complete("pat-sub")
    shown = session["user"]["display_name"]
    assert 2 <= len(shown) <= DISPLAY_NAME_MAX_LENGTH
    assert shown.isprintable() and shown == " ".join(shown.split())
    me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {session['access_token']}"})
    assert me.status_code == 200 and me.get_json()["display_name"] == shown


@pytest.mark.parametrize(
    "email",
    [
        "pat\x00@firm.example",
        "p" * 300 + "@firm.example",
        "no-at-sign.firm.example",
        ["pat@firm.example"],
        12345,
        {"address": "pat@firm.example"},
    ],
)
def test_an_unusable_email_from_the_provider_is_refused_and_creates_nothing(api, app, sso, email):
    api.admin()
    before = people_count(app)
    sso.add_account("pat-sub", email=email, name="Pat", division="Pre-Sales")
    sign_in = SignIn(api, sso).at_provider("pat-sub")
    assert_error(sign_in.callback(), 403, mentions="no usable email address")
    assert people_count(app) == before
    assert "person.provisioned" not in audit_actions(api)


@pytest.mark.parametrize("division", [{"name": "Pre-Sales"}, 42, "d" * 10_000, ["x"] * 1_000, None])
def test_a_division_claim_of_the_wrong_shape_is_refused_with_a_short_message(api, app, sso, division):
    before = people_count(app)
    sso.add_account("pat-sub", email="pat@firm.example", name="Pat", division=division)
    error = assert_error(SignIn(api, sso).at_provider("pat-sub").callback(), 403, mentions="division")
    # The refusal quotes at most a short part of what the provider sent.
    assert len(error["message"]) < 400
    assert people_count(app) == before


@pytest.mark.parametrize(
    "groups",
    ["admin-but-a-string-of-10k" * 400, [{"role": "admin"}], [["admin"]], 7, ["Admin\x00"], ["leaders"] * 5_000],
)
def test_a_groups_claim_of_the_wrong_shape_never_grants_a_role(api, sso, groups):
    sso.add_account("pat-sub", email="pat@firm.example", name="Pat", division="Pre-Sales", groups=groups)
    session = SignIn(api, sso).complete("pat-sub")
    assert session["user"]["role"] == "member"


class GarbageProvider(http.server.BaseHTTPRequestHandler):
    """A 'provider' whose discovery document is an HTML page, then JSON of the wrong shape."""

    answers = [
        b"<html><body>Maintenance</body></html>",
        b'["not", "a", "metadata", "object"]',
        b'{"issuer": 12, "authorization_endpoint": ["x"]}',
    ]

    def do_GET(self):
        body = self.answers[self.server.calls % len(self.answers)]
        self.server.calls += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if body.startswith(b"<") else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


@pytest.fixture
def garbage_provider():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GarbageProvider)
    server.calls = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_provider_answering_html_or_the_wrong_json_is_a_clear_502(api, app, sso, garbage_provider):
    app.config.update(sso.quid_settings(OIDC_ISSUER=garbage_provider))
    for _ in GarbageProvider.answers:
        assert_error(api.post("/auth/sso/start"), 502, mentions="sign-in service")
    assert api.get("/auth/options").status_code == 200
