"""Accounts and sessions: register, login, refresh rotation, logout, 401s.

Login throttling is tested in tests/security/test_api2_broken_authentication.py.
"""

import json
import time
from datetime import timedelta

import pytest

from server import create_app
from tests.conftest import TEST_CONFIG
from tests.support.assertions import assert_error, claims_of
from tests.support.http import PASSWORD, Person


def test_joining_with_an_invitation_returns_the_user_and_tokens(api):
    admin = api.admin()
    invited = admin.post(
        "/admin/invitations",
        json={"email": "  Ana.Lopez@Quid.Example ", "division": api.division("Pre-Sales"), "role": "leader"},
    )
    assert invited.status_code == 201, invited.get_json()
    response = api.post(
        "/auth/register",
        json={"invitation": invited.get_json()["code"], "password": PASSWORD, "display_name": " Ana López "},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["user"]["email"] == "ana.lopez@quid.example"
    assert body["user"]["display_name"] == "Ana López"
    assert body["user"]["role"] == "leader"
    assert body["user"]["division"]["name"] == "Pre-Sales"
    assert body["user"]["reputation"] == 0
    assert body["user"]["level"] == {
        "number": 1,
        "name": "Newcomer",
        "progress": 0.0,
        "next_at": 25,
        "next_breadth": None,
        "breadth": None,
    }
    assert body["user"]["trust"] == {"score": 0.5, "band": "new", "settled": 0, "counted": 0, "on_time": 0}
    assert "password" not in json.dumps(body)
    assert claims_of(body["access_token"])["sub"] == str(body["user"]["id"])
    assert claims_of(body["refresh_token"])["type"] == "refresh"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("invitation", "", "invitation"),
        ("invitation", "x" * 65, "invitation"),
        ("password", "short", "password"),
        ("password", "long enough but \x00 NUL", "password"),
        ("password", "long enough but \ud800 alone", "password"),
        ("display_name", "A", "display_name"),
        ("display_name", "Null\x00Byte", "display_name"),
    ],
)
def test_register_rejects_bad_input_naming_the_field(api, field, value, message):
    body = {"invitation": api.invitation(email="someone@quid.example"), "password": PASSWORD, "display_name": "Someone"}
    body[field] = value
    error = assert_error(api.post("/auth/register", json=body), 422, mentions=message)
    assert field in error["errors"]["json"]
    assert api.login("someone@quid.example").status_code == 401, "nothing was created"


@pytest.mark.parametrize(
    "field, value",
    [
        ("role", "admin"),
        ("division", 1),
        ("email", "other@quid.example"),
        ("reputation", 5000),
        ("id", 1),
        ("created_at", "2020-01-01T00:00:00Z"),
    ],
)
def test_register_refuses_fields_a_client_may_not_set(api, field, value):
    body = {
        "invitation": api.invitation(email="sneaky@quid.example"),
        "password": PASSWORD,
        "display_name": "Sneaky",
        field: value,
    }
    error = assert_error(api.post("/auth/register", json=body), 422, mentions=field)
    assert error["errors"]["json"][field] == ["Unknown field."]


def test_an_email_has_one_account_whatever_its_case(api):
    api.person(email="bo@quid.example")
    refused = api.admin().post("/admin/invitations", json={"email": "BO@quid.example", "division": api.division()})
    assert_error(refused, 409, mentions="already has an account")


def test_login_with_the_right_password(api):
    person = api.person(email="cy@quid.example")
    response = api.login("CY@quid.example")
    assert response.status_code == 200
    assert response.get_json()["user"]["id"] == person.id
    assert_error(api.login("cy@quid.example", "wrong password"), 401, mentions="Wrong email or password")
    assert_error(api.login("nobody@quid.example"), 401, mentions="Wrong email or password")


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not.a.token", "Basic abc"])
def test_missing_or_malformed_tokens_answer_401(api, header):
    headers = {"Authorization": header} if header else {}
    assert_error(api.get("/me", headers=headers), 401)


def test_an_expired_token_answers_401(api, app):
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(seconds=-10)
    person = api.person()
    assert_error(person.get("/me"), 401, mentions="expired")


def test_a_token_signed_with_another_secret_answers_401(api, app):
    person = api.person()
    other = create_app(
        {
            **TEST_CONFIG,
            "SECRET_KEY": "another-secret-another-secret-another",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    with other.app_context():
        from flask_jwt_extended import create_access_token

        forged = create_access_token(identity=str(person.id), additional_claims={"fam": "x"})
    assert_error(api.get("/me", headers={"Authorization": f"Bearer {forged}"}), 401)


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_family(api, app):
    from server.common.clock import utcnow

    person = api.person()
    first = api.post("/auth/refresh", headers={"Authorization": f"Bearer {person.refresh_token}"})
    assert first.status_code == 200
    rotated = first.get_json()
    assert rotated["refresh_token"] != person.refresh_token
    assert api.get("/me", headers={"Authorization": f"Bearer {rotated['access_token']}"}).status_code == 200

    # The old refresh token again after the grace window: treated as stolen, the whole session dies.
    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(seconds=app.config["REFRESH_GRACE_SECONDS"] + 1)
    reuse = api.post("/auth/refresh", headers={"Authorization": f"Bearer {person.refresh_token}"})
    assert_error(reuse, 401, mentions="already used")
    for token in (rotated["access_token"], rotated["refresh_token"], person.access_token):
        path = "/auth/refresh" if claims_of(token)["type"] == "refresh" else "/me"
        call = api.post if path == "/auth/refresh" else api.get
        assert call(path, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_refresh_needs_a_refresh_token(api):
    person = api.person()
    assert_error(api.post("/auth/refresh", headers=person.headers), 401)


def test_logout_revokes_access_and_refresh_tokens(api):
    person = api.person()
    other_session = Person(api.client, api.login(person.email).get_json(), PASSWORD)
    assert api.post("/auth/logout", headers=person.headers).status_code == 204
    assert_error(person.get("/me"), 401, mentions="revoked")
    assert api.post("/auth/refresh", headers={"Authorization": f"Bearer {person.refresh_token}"}).status_code == 401
    # Only the session that logged out ends.
    assert other_session.get("/me").status_code == 200


def test_logout_with_the_refresh_token(api):
    person = api.person()
    response = api.post("/auth/logout", headers={"Authorization": f"Bearer {person.refresh_token}"})
    assert response.status_code == 204
    assert person.get("/me").status_code == 401


def test_revocation_is_persisted_for_every_server_process(api, app):
    person = api.person()
    assert api.post("/auth/logout", headers=person.headers).status_code == 204
    # A second app on the same database, as another gunicorn worker or a restart would be.
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    response = other.test_client().get("/api/v1/me", headers=person.headers)
    assert response.status_code == 401
    with other.app_context():
        from server.extensions import db

        db.engine.dispose()


# A token that worked a moment ago must be refused as soon as a fresh check would refuse
# it: its times, the signing secret, its session and its holder's account.


def resigned(app, token: str, **changes) -> str:
    """`token` with `changes` to its claims, signed again with the app's own secret."""
    import jwt as pyjwt

    return pyjwt.encode({**claims_of(token), **changes}, app.config["JWT_SECRET_KEY"], algorithm="HS256")


def test_a_used_token_is_refused_once_it_expires(api, app):
    person = api.person()
    assert person.get("/me").status_code == 200
    expired = resigned(app, person.access_token, exp=int(time.time()) - 1)
    headers = {"Authorization": f"Bearer {expired}"}
    assert_error(api.get("/me", headers=headers), 401, mentions="expired")
    assert_error(api.get("/leaderboard", headers=headers), 401, mentions="expired")
    assert person.get("/me").status_code == 200


def test_a_used_token_is_refused_before_it_was_issued(api, app):
    person = api.person()
    assert person.get("/me").status_code == 200
    early = resigned(app, person.access_token, iat=int(time.time()) + 3600, nbf=int(time.time()) + 3600)
    assert_error(api.get("/me", headers={"Authorization": f"Bearer {early}"}), 401, mentions="not yet valid")


def test_a_used_token_is_refused_once_the_signing_secret_changes(api, app):
    person = api.person()
    assert person.get("/me").status_code == 200
    app.config["JWT_SECRET_KEY"] = "a-rotated-secret-a-rotated-secret-a-rotated"
    assert_error(person.get("/me"), 401, mentions="Signature verification failed")


def test_a_used_access_token_is_refused_once_its_session_logs_out_elsewhere(api):
    person = api.person()
    assert person.get("/leaderboard").status_code == 200
    assert api.post("/auth/logout", headers={"Authorization": f"Bearer {person.refresh_token}"}).status_code == 204
    assert_error(person.get("/leaderboard"), 401, mentions="revoked")
    assert_error(person.get("/me"), 401, mentions="revoked")


def test_a_used_token_of_a_disabled_account_is_refused(api, app):
    from sqlalchemy import update

    from server.extensions import db
    from server.users.models import User

    person = api.person()
    assert person.get("/me").status_code == 200
    with app.app_context():
        db.session.execute(update(User).where(User.id == person.id).values(is_active=False))
        db.session.commit()
    assert_error(person.get("/me"), 401, mentions="disabled")


def test_a_refresh_token_is_refused_where_an_access_token_is_needed(api):
    person = api.person()
    assert person.get("/me").status_code == 200
    assert_error(api.get("/me", headers={"Authorization": f"Bearer {person.refresh_token}"}), 401, mentions="refresh")


@pytest.mark.parametrize(
    "shape, status",
    [
        ("Bearer {}", 200),
        ("Bearer {}, Basic abc", 200),
        ("Basic abc, Bearer {}", 200),
        ("bearer {}", 401),
        ("Bearer {} extra", 401),
        ("Bearer {}x", 401),
        ("Bearer x{}", 401),
    ],
)
def test_a_used_token_is_read_from_the_header_as_before(api, shape, status):
    person = api.person()
    assert person.get("/me").status_code == 200
    response = api.get("/me", headers={"Authorization": shape.format(person.access_token)})
    assert response.status_code == status, response.get_json()


def test_the_caller_is_the_session_user_whenever_it_was_loaded(app, api):
    """The caller is built from the token check's row, unless the request already loaded
    that user: then it is the same object, and changes to it are saved once."""
    from server.common.access import caller, verify_access_token
    from server.extensions import db
    from server.users.models import User

    person = api.person(display_name="Before")
    with app.test_request_context("/", method="PATCH", headers=person.headers):
        verify_access_token()
        loaded_first = db.session.get(User, person.id)
        assert caller() is loaded_first and caller() is loaded_first
        caller().display_name = "After"
        db.session.commit()
    with app.test_request_context("/", method="PATCH", headers=person.headers):
        verify_access_token()
        built = caller()
        assert built.display_name == "After" and built in db.session and built not in db.session.dirty
        db.session.remove()
    assert person.get("/me").get_json()["display_name"] == "After"
