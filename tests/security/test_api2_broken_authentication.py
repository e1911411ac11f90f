"""OWASP API2:2023 Broken Authentication — how Quid's sessions can be taken or lost.

Quid authenticates with short-lived JWT access tokens and rotated refresh tokens, each
pair in a family (one sign-in) that logout or a replayed refresh token revokes. Broken
authentication here means: a token honoured that Quid did not mean to honour (no expiry, a
replayed refresh token after its grace), a live token left where others can read it (the
database, a remembered idempotent response), or a legitimate client signed out by its own
retries (two tabs refreshing at once, a lost answer).
"""

import threading
import uuid
from datetime import timedelta

import requests
from sqlalchemy import text

from tests.conftest import TEST_CONFIG
from tests.support.gunicorn import start_gunicorn
from tests.support.http import PASSWORD, Person
from tests.test_auth import assert_error, claims_of

# --- Tokens and retries ------------------------------------------------------------------
# A refresh token presented again within the grace window answers the pair it was
# exchanged for; after the window it revokes the session. Remembered idempotent answers and
# the token tables never hold a usable token; a token without `exp` is refused.


def refresh(api, refresh_token: str):
    return api.post("/auth/refresh", headers={"Authorization": f"Bearer {refresh_token}"})


def later_than_the_grace_window(app):
    """Move the server's clock past the refresh grace window."""
    from server.common.clock import utcnow

    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(seconds=app.config["REFRESH_GRACE_SECONDS"] + 1)


def test_a_refresh_token_presented_again_within_the_grace_window_answers_the_same_pair(api):
    person = api.person()
    first = refresh(api, person.refresh_token)
    again = refresh(api, person.refresh_token)
    assert first.status_code == again.status_code == 200, again.get_json()
    assert again.get_json() == first.get_json()
    pair = first.get_json()
    # The session goes on: the pair works and rotates as usual.
    assert api.get("/me", headers={"Authorization": f"Bearer {pair['access_token']}"}).status_code == 200
    assert refresh(api, pair["refresh_token"]).status_code == 200


def test_a_refresh_token_presented_again_after_the_grace_window_revokes_the_session(api, app):
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    later_than_the_grace_window(app)
    assert_error(refresh(api, person.refresh_token), 401, mentions="already used")
    assert_error(api.get("/me", headers={"Authorization": f"Bearer {pair['access_token']}"}), 401,
                 mentions="revoked")
    assert_error(refresh(api, pair["refresh_token"]), 401, mentions="revoked")


def test_with_no_grace_window_a_second_presentation_revokes_the_session_at_once(api, app):
    app.config["REFRESH_GRACE_SECONDS"] = 0
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    assert_error(refresh(api, person.refresh_token), 401, mentions="already used")
    assert_error(refresh(api, pair["refresh_token"]), 401, mentions="revoked")


def test_the_grace_window_does_not_outlive_a_logout(api):
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    assert api.post("/auth/logout", headers={"Authorization": f"Bearer {pair['access_token']}"}).status_code == 204
    assert_error(refresh(api, person.refresh_token), 401, mentions="revoked")


def test_simultaneous_refreshes_with_one_token_keep_the_session_on_a_real_server(api, app, tmp_path):
    person = api.person()
    callers = 8
    environment = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "QUID_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "QUID_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    with start_gunicorn(environment=environment, workers=2) as server:
        start = threading.Barrier(callers)

        def refresh_at_once():
            start.wait()
            return requests.post(f"{server.base_url}/api/v1/auth/refresh", timeout=30,
                                 headers={"Authorization": f"Bearer {person.refresh_token}"})

        results = [None] * callers
        threads = [threading.Thread(target=lambda number=number: results.__setitem__(number, refresh_at_once()))
                   for number in range(callers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [response.status_code for response in results] == [200] * callers, \
            [response.text for response in results]
        pairs = {(response.json()["access_token"], response.json()["refresh_token"]) for response in results}
        assert len(pairs) == 1, "every caller got the one pair the token was exchanged for"
        access_token, refresh_token = pairs.pop()
        me = requests.get(f"{server.base_url}/api/v1/me", timeout=10,
                          headers={"Authorization": f"Bearer {access_token}"})
        assert me.status_code == 200 and me.json()["id"] == person.id
        rotated = requests.post(f"{server.base_url}/api/v1/auth/refresh", timeout=10,
                                headers={"Authorization": f"Bearer {refresh_token}"})
        assert rotated.status_code == 200, rotated.text


def every_stored_value(app, table: str) -> list[str]:
    """Every value of every row of `table`, as text, read straight from the database."""
    from server.extensions import db

    with app.app_context():
        rows = db.session.execute(text(f"SELECT * FROM {table}")).all()
        db.session.remove()
    return [str(value) for row in rows for value in row]


def token_parts(token: str) -> list[str]:
    """The token and its signature: either found in the database would be a usable token."""
    return [token, token.rsplit(".", 1)[1]]


def test_the_token_tables_hold_no_usable_token(api, app):
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    assert refresh(api, person.refresh_token).get_json() == pair  # kept for the grace window
    stored = every_stored_value(app, "refresh_tokens") + every_stored_value(app, "token_families")
    assert stored, "the tables were read"
    for token in (person.access_token, person.refresh_token, pair["access_token"], pair["refresh_token"]):
        for part in token_parts(token):
            assert not any(part in value for value in stored)


def test_a_kept_pair_opens_only_with_the_token_it_was_exchanged_for(api):
    person = api.person()
    other_session = Person(api.client, api.login(person.email).get_json(), PASSWORD)
    pair = refresh(api, person.refresh_token).get_json()
    other_pair = refresh(api, other_session.refresh_token).get_json()
    assert refresh(api, person.refresh_token).get_json() == pair
    assert refresh(api, other_session.refresh_token).get_json() == other_pair
    assert claims_of(pair["refresh_token"])["fam"] != claims_of(other_pair["refresh_token"])["fam"]


def signed_with_the_right_key(app, *, kind: str, family: str, user_id: int) -> str:
    """A token of `kind` Quid's key signed, for a live session, but without `exp`."""
    from flask_jwt_extended import create_access_token, create_refresh_token

    create = create_access_token if kind == "access" else create_refresh_token
    with app.app_context():
        token = create(identity=str(user_id), additional_claims={"fam": family}, expires_delta=False)
    assert "exp" not in claims_of(token)
    return token


def test_a_token_without_an_expiry_is_refused_even_when_signed_with_the_right_key(api, app):
    person = api.person()
    family = claims_of(person.access_token)["fam"]
    access_token = signed_with_the_right_key(app, kind="access", family=family, user_id=person.id)
    refresh_token = signed_with_the_right_key(app, kind="refresh", family=family, user_id=person.id)
    for _ in range(2):  # the second time past the worker's table of verified tokens, too
        assert_error(api.get("/me", headers={"Authorization": f"Bearer {access_token}"}), 401, mentions="exp")
    assert_error(refresh(api, refresh_token), 401, mentions="exp")
    assert person.get("/me").status_code == 200, "the real session is untouched"


def test_a_remembered_joining_answer_holds_no_token_and_its_replay_hands_out_none(api, app):
    body = {"invitation": api.invitation(email="joiner@quid.example"), "password": PASSWORD,
            "display_name": "Joiner"}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    joined = api.post("/auth/register", json=body, headers=key)
    assert joined.status_code == 201
    session = joined.get_json()
    stored = every_stored_value(app, "idempotency_records")
    assert any(session["user"]["email"] in value for value in stored), "the answer is remembered"
    for token in (session["access_token"], session["refresh_token"]):
        for part in token_parts(token):
            assert not any(part in value for value in stored)
    assert not any("access_token" in value or "refresh_token" in value for value in stored)

    replay = api.post("/auth/register", json=body, headers=key)
    assert_error(replay, 409, mentions="sign in")
    assert "access_token" not in replay.get_data(as_text=True)
    assert "refresh_token" not in replay.get_data(as_text=True)
    # The first session still works, and signing in gives a new one.
    assert api.get("/me", headers={"Authorization": f"Bearer {session['access_token']}"}).status_code == 200
    assert api.login("joiner@quid.example").status_code == 200


def test_a_remembered_invitation_holds_no_code_and_its_replay_shows_none(api, app):
    admin = api.admin()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"email": "invited@quid.example", "division": api.division(), "role": "member"}
    created = admin.post("/admin/invitations", json=body, headers=key)
    assert created.status_code == 201, created.get_json()
    code = created.get_json()["code"]
    stored = every_stored_value(app, "idempotency_records")
    assert any("invited@quid.example" in value for value in stored), "the answer is remembered"
    assert not any(code in value for value in stored)

    replay = admin.post("/admin/invitations", json=body, headers=key)
    assert_error(replay, 409, mentions="invite again")
    assert code not in replay.get_data(as_text=True)
    # The code shown the first time works.
    joined = api.post("/auth/register", json={"invitation": code, "password": PASSWORD, "display_name": "Invited"})
    assert joined.status_code == 201
