"""Single sign-on against a real OpenID provider on loopback (panva's oidc-provider, PKCE required).

The browser's part (the provider's login form and consent) is played by a requests session;
Quid's part goes through its HTTP API: start, the callback, the confirmation, the ticket.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.assertions import assert_error
from tests.support.http import PASSWORD
from tests.support.oidc_provider import FORM, HIDDEN, start_oidc_provider

CALLBACK = "http://localhost/api/v1/auth/sso/callback"
PREFIX = "/api/v1"


@pytest.fixture(scope="module")
def provider():
    with start_oidc_provider(redirect_uris=[CALLBACK]) as running:
        yield running


@pytest.fixture
def sso(app, api, provider):
    """Single sign-on switched on for this test, with the firm's divisions."""
    app.config.update(provider.quid_settings())
    provider.tamper("")
    for name in ("Pre-Sales", "Field Sales North", "Product"):
        api.division(name)
    return provider


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


class SignIn:
    """One sign-in as the app and the person's browser make it."""

    def __init__(self, api, provider):
        self.api, self.provider = api, provider
        response = api.post("/auth/sso/start")
        assert response.status_code == 201, response.get_json()
        self.started = response.get_json()
        self.callback_url = None
        self.page = None

    def at_provider(self, login: str, **options) -> "SignIn":
        self.callback_url = self.provider.sign_in(self.started["browser_url"], login=login, **options)
        return self

    def callback(self, url: str | None = None, **headers):
        return self.api.client.get(path_of(url or self.callback_url), headers=headers)

    def back_at_quid(self):
        """The callback; its confirmation page."""
        response = self.callback()
        assert response.status_code == 200, response.get_json() or response.data
        self.page = response.data.decode()
        return response

    def confirm(self, secret: str | None = None):
        form = FORM.search(self.page)
        fields = {match["name"]: match["value"] for match in HIDDEN.finditer(form["fields"])}
        if secret is not None:
            fields["confirmation"] = secret
        return self.api.client.post(form["action"], data=fields)

    def collect(self):
        return self.api.post("/auth/sso/session", json={"ticket": self.started["ticket"]})

    def complete(self, login: str) -> dict:
        """All the way: the app's session."""
        self.at_provider(login).back_at_quid()
        assert self.confirm().status_code == 200
        response = self.collect()
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == "signed_in"
        return response.get_json()


def audit_actions(api) -> list[str]:
    return [entry["action"] for entry in api.admin().get("/admin/audit").get_json()["items"]]


def people_count(app) -> int:
    from server.extensions import db
    from server.users.models import User

    with app.app_context():
        return db.session.query(User).count()


def test_the_browser_is_sent_for_a_code_with_pkce_state_and_nonce(api, sso):
    started = SignIn(api, sso).started
    url = urlsplit(started["browser_url"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}" == sso.issuer and url.path == "/auth"
    assert query["response_type"] == "code" and query["client_id"] == sso.client_id
    assert query["redirect_uri"] == CALLBACK and "openid" in query["scope"].split()
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 20 and len(query["nonce"]) >= 16
    assert started["ticket"] not in started["browser_url"]
    assert len(started["confirmation_code"].replace(" ", "")) == 6 and started["poll_seconds"] > 0


def test_a_first_sign_in_creates_the_person_in_the_division_their_claim_names(api, app, sso):
    sso.add_account(
        "ana-sub", email="Ana.Lopez@Firm.Example", email_verified=True, name="Ana López", division="pre-sales"
    )
    sign_in = SignIn(api, sso)
    assert sign_in.collect().get_json()["status"] == "waiting"
    session = sign_in.complete("ana-sub")
    user = session["user"]
    assert user["email"] == "ana.lopez@firm.example" and user["display_name"] == "Ana López"
    assert user["division"]["name"] == "Pre-Sales" and user["role"] == "member"
    me = api.client.get(PREFIX + "/me", headers={"Authorization": f"Bearer {session['access_token']}"})
    assert me.status_code == 200 and me.get_json()["id"] == user["id"]
    refreshed = api.post("/auth/refresh", headers={"Authorization": f"Bearer {session['refresh_token']}"})
    assert refreshed.status_code == 200
    # A company account has no password: nothing lets anyone in with one.
    assert api.login("ana.lopez@firm.example", "").status_code == 422
    assert_error(api.login("ana.lopez@firm.example", PASSWORD), 401, mentions="company account")
    person = api.admin().get(f"/admin/users/{user['id']}").get_json()
    assert person["signs_in_with"] == "company account" and person["managed_by_identity_provider"] == ["division"]
    entry = api.admin().get("/admin/audit", query={"action": "person.provisioned"}).get_json()["items"][0]
    assert entry["actor"] == "Identity provider" and entry["actor_id"] is None
    assert entry["object_id"] == user["id"] and entry["after"] == {"division": "Pre-Sales", "role": "member"}


def test_a_mapped_division_and_a_role_from_groups_come_from_the_claims(api, app, sso):
    app.config.update(
        OIDC_DIVISION_MAP={"emea field sales": "field-sales-north"},
        OIDC_ROLE_CLAIM="groups",
        OIDC_ROLE_MAP={"quid-leaders": "leader", "quid-admins": "admin"},
    )
    sso.add_account(
        "bo-sub", email="bo@firm.example", name="Bo", division="EMEA Field Sales", groups=["all-staff", "quid-leaders"]
    )
    user = SignIn(api, sso).complete("bo-sub")["user"]
    assert user["division"]["name"] == "Field Sales North" and user["role"] == "leader"
    # A group merely called "admin" is not a Quid role when the firm maps its groups.
    sso.add_account("cy-sub", email="cy@firm.example", name="Cy", division="product", groups=["admin"])
    assert SignIn(api, sso).complete("cy-sub")["user"]["role"] == "member"


def test_an_issuer_configured_with_a_trailing_slash_works(api, app, sso):
    app.config["OIDC_ISSUER"] = sso.issuer + "/"
    sso.add_account("yan-sub", email="yan@firm.example", name="Yan", division="Product")
    assert SignIn(api, sso).complete("yan-sub")["user"]["email"] == "yan@firm.example"


def test_a_division_claim_matches_names_whatever_their_case_and_accents(api, sso):
    api.division("Île-de-France Ventes")
    sso.add_account("zoe-sub", email="zoe@firm.example", name="Zoé", division="ÎLE-DE-FRANCE VENTES")
    assert SignIn(api, sso).complete("zoe-sub")["user"]["division"]["name"] == "Île-de-France Ventes"


def test_the_next_sign_in_is_the_same_person_and_follows_the_provider(api, app, sso):
    app.config.update(OIDC_ROLE_CLAIM="groups")
    sso.add_account("dee-sub", email="dee@firm.example", name="Dee", division="Pre-Sales", groups=[])
    first = SignIn(api, sso).complete("dee-sub")["user"]
    sso.add_account("dee-sub", email="dee@firm.example", name="Dee", division="Product", groups=["leader"])
    again = SignIn(api, sso).complete("dee-sub")["user"]
    assert again["id"] == first["id"] and again["division"]["name"] == "Product" and again["role"] == "leader"
    entry = api.admin().get("/admin/audit", query={"action": "person.updated"}).get_json()["items"][0]
    assert entry["actor"] == "Identity provider"
    assert entry["before"] == {"division": "Pre-Sales", "role": "member"}
    assert entry["after"] == {"division": "Product", "role": "leader"}
    # What the provider decides, an admin cannot change in Quid.
    refused = api.admin().patch(f"/admin/users/{first['id']}", json={"division": api.division("Pre-Sales")})
    assert_error(refused, 409, mentions="identity provider")
    # Someone known keeps their division when the provider's value is unknown (a rename there).
    sso.add_account("dee-sub", email="dee@firm.example", name="Dee", division="Renamed Unit", groups=["leader"])
    assert SignIn(api, sso).complete("dee-sub")["user"]["division"]["name"] == "Product"


@pytest.mark.parametrize(
    "claims, mentions",
    [
        ({"email": "eve@firm.example", "name": "Eve", "division": "Marketing"}, "'Marketing'"),
        ({"email": "eve@firm.example", "name": "Eve"}, "division"),
        ({"name": "Eve", "division": "Pre-Sales"}, "email"),
        (
            {"email": "eve@firm.example", "email_verified": False, "name": "Eve", "division": "Pre-Sales"},
            "not verified",
        ),
    ],
)
def test_claims_that_name_no_known_division_or_email_are_refused_and_create_nothing(api, app, sso, claims, mentions):
    api.admin()
    before = people_count(app)
    sso.add_account("eve-sub", **claims)
    sign_in = SignIn(api, sso).at_provider("eve-sub")
    error = assert_error(sign_in.callback(), 403, mentions=mentions)
    assert assert_error(sign_in.collect(), 403)["message"] == error["message"]
    assert people_count(app) == before
    assert "person.provisioned" not in audit_actions(api)


@pytest.mark.parametrize(
    "mode, mentions",
    [
        ("foreign-key", "signature"),
        ("unknown-key", "key the provider does not publish"),
        ("alg-none", "algorithm"),
        ("expired", "expired"),
        ("wrong-audience", "another application"),
        ("wrong-issuer", "another provider"),
        ("wrong-nonce", "nonce"),
    ],
)
def test_a_forged_or_expired_id_token_is_refused_and_creates_nothing(api, app, sso, mode, mentions):
    api.admin()
    before = people_count(app)
    sso.add_account("mallory-sub", email="mallory@firm.example", name="Mallory", division="Pre-Sales")
    sso.tamper(mode)
    sign_in = SignIn(api, sso).at_provider("mallory-sub")
    error = assert_error(sign_in.callback(), 401, mentions=mentions)
    assert "could not be trusted" in error["message"]
    assert assert_error(sign_in.collect(), 401)["message"] == error["message"]
    assert people_count(app) == before
    sso.tamper("")
    assert SignIn(api, sso).complete("mallory-sub")["user"]["email"] == "mallory@firm.example"


def test_a_wrong_state_is_refused_and_the_real_sign_in_still_completes(api, sso):
    sso.add_account("fay-sub", email="fay@firm.example", name="Fay", division="Pre-Sales")
    sign_in = SignIn(api, sso).at_provider("fay-sub")
    forged = sign_in.callback_url.replace("state=", "state=forged")
    assert_error(sign_in.callback(forged), 400, mentions="not started from the Quid app")
    assert_error(sign_in.callback(CALLBACK + "?code=abc"), 400)
    assert sign_in.collect().get_json()["status"] == "waiting"
    sign_in.back_at_quid()
    assert sign_in.confirm().status_code == 200
    assert sign_in.collect().get_json()["status"] == "signed_in"


def test_a_replayed_callback_or_confirmation_is_refused(api, sso):
    sso.add_account("gus-sub", email="gus@firm.example", name="Gus", division="Pre-Sales")
    sign_in = SignIn(api, sso).at_provider("gus-sub")
    sign_in.back_at_quid()
    assert_error(sign_in.callback(), 409, mentions="already used")
    assert_error(sign_in.confirm(secret="not-the-secret"), 400)
    assert sign_in.confirm().status_code == 200
    assert_error(sign_in.confirm(), 409, mentions="already confirmed")
    assert sign_in.collect().get_json()["status"] == "signed_in"
    assert_error(sign_in.collect(), 409, mentions="already collected")
    assert_error(api.post("/auth/sso/session", json={"ticket": "no-such-ticket"}), 404)


def test_a_sign_in_left_too_long_expires(api, app, sso):
    from datetime import timedelta

    from server.common.clock import utcnow

    sso.add_account("hal-sub", email="hal@firm.example", name="Hal", division="Pre-Sales")
    sign_in = SignIn(api, sso).at_provider("hal-sub")
    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(minutes=11)
    assert_error(sign_in.callback(), 410, mentions="expired")
    assert_error(sign_in.collect(), 410, mentions="expired")


def test_cancelling_at_the_provider_tells_the_app_why(api, sso):
    sso.add_account("ivy-sub", email="ivy@firm.example", name="Ivy", division="Pre-Sales")
    sign_in = SignIn(api, sso).at_provider("ivy-sub", abort=True)
    assert "error=access_denied" in sign_in.callback_url
    assert_error(sign_in.callback(), 403, mentions="did not sign you in")
    assert_error(sign_in.collect(), 403, mentions="did not sign you in")


def test_an_existing_password_account_is_linked_and_loses_its_password(api, sso):
    joined = api.person(email="jo@firm.example", division="Product")
    sso.add_account("jo-sub", email="jo@firm.example", name="Jo Provider", division="Product")
    user = SignIn(api, sso).complete("jo-sub")["user"]
    assert user["id"] == joined.id and user["display_name"] == joined.user["display_name"]
    assert_error(api.login("jo@firm.example", PASSWORD), 401)
    assert "person.linked" in audit_actions(api)


def test_a_deactivated_person_cannot_sign_in_with_their_company_account(api, sso):
    sso.add_account("kim-sub", email="kim@firm.example", name="Kim", division="Pre-Sales")
    user = SignIn(api, sso).complete("kim-sub")["user"]
    assert api.admin().patch(f"/admin/users/{user['id']}", json={"is_active": False}).status_code == 200
    sign_in = SignIn(api, sso).at_provider("kim-sub")
    assert_error(sign_in.callback(), 403, mentions="deactivated")
    assert_error(sign_in.collect(), 403, mentions="deactivated")


def test_a_browser_reads_pages_that_cannot_be_framed(api, sso):
    sso.add_account("lee-sub", email="lee@firm.example", name="Lee <b>Bold</b>", division="Pre-Sales")
    sign_in = SignIn(api, sso).at_provider("lee-sub")
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    problem = sign_in.callback(sign_in.callback_url.replace("state=", "state=x"), **browser)
    assert problem.status_code == 400 and problem.mimetype == "text/html"
    assert "not started from the Quid app" in problem.data.decode()
    page = sign_in.back_at_quid()
    assert (
        page.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    )
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    text = page.data.decode()
    assert sign_in.started["confirmation_code"] in text
    assert "Lee &lt;b&gt;Bold&lt;/b&gt;" in text and "<b>Bold</b>" not in text


def test_an_unreachable_provider_or_no_configuration_answers_clearly(api, app, sso):
    from tests.support.gunicorn import free_loopback_port

    app.config["OIDC_ISSUER"] = ""
    assert_error(api.post("/auth/sso/start"), 404, mentions="not configured")
    assert api.get("/auth/options").get_json()["company_account"] is False
    app.config["OIDC_ISSUER"] = f"http://127.0.0.1:{free_loopback_port()}"
    app.config["OIDC_TIMEOUT_SECONDS"] = 2
    assert_error(api.post("/auth/sso/start"), 502, mentions="could not reach")
    app.config.update(sso.quid_settings())
    assert api.get("/auth/options").get_json() == {"company_account": True, "self_sign_up_domains": []}


@pytest.mark.parametrize(
    "query",
    [
        "state=a%00b&code=x",
        "state=" + "s" * 201 + "&code=x",
        "state=ok&code=%ED%A0%80",
        "code=" + "c" * 5000,
    ],
)
def test_hostile_callbacks_answer_4xx(api, sso, query):
    response = api.client.get(f"{PREFIX}/auth/sso/callback?{query}")
    assert 400 <= response.status_code < 500, response.data
    assert set(response.get_json()) == {"code", "status", "message", "errors"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ticket": ""},
        {"ticket": "t" * 129},
        {"ticket": "nul\x00"},
        {"ticket": "\ud800"},
        {"ticket": 12},
        {"ticket": ["a"]},
        {"ticket": "x", "user_id": 1},
    ],
)
def test_hostile_tickets_answer_422(api, sso, body):
    assert_error(api.post("/auth/sso/session", json=body), 422)


@pytest.mark.parametrize("form", [{}, {"confirmation": ""}, {"confirmation": "x" * 200}, {"confirmation": "a\x00"}])
def test_hostile_confirmations_answer_4xx(api, sso, form):
    response = api.client.post(f"{PREFIX}/auth/sso/confirm", data=form)
    assert response.status_code in (400, 422), response.data
