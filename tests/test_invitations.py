"""Joining by invitation: only an admin brings someone in, in the division and role they chose."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.support.assertions import assert_error
from tests.support.http import PASSWORD
from tests.support.mail_server import MailServer


def invite(admin, api, email="new.colleague@quid.example", division="Pre-Sales", role="member"):
    response = admin.post("/admin/invitations", json={"email": email, "division": api.division(division), "role": role})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def join(api, code, name="New Colleague", password=PASSWORD):
    return api.post("/auth/register", json={"invitation": code, "password": password, "display_name": name})


def test_an_invited_colleague_joins_in_the_division_and_role_of_the_invitation(api):
    admin = api.admin()
    created = invite(admin, api, role="leader")
    assert created["mailed"] is False and "not configured" in created["mail_error"]
    invitation = created["invitation"]
    assert invitation["state"] == "pending" and invitation["division"]["name"] == "Pre-Sales"
    assert admin.get("/admin/invitations", query={"state": "pending"}).get_json()["items"][0]["id"] == invitation["id"]
    joined = join(api, created["code"])
    assert joined.status_code == 201, joined.get_json()
    user = joined.get_json()["user"]
    assert (user["email"], user["division"]["name"], user["role"]) == (
        "new.colleague@quid.example",
        "Pre-Sales",
        "leader",
    )
    listed = admin.get("/admin/invitations", query={"state": "accepted"}).get_json()["items"][0]
    assert listed["id"] == invitation["id"] and listed["accepted_user_id"] == user["id"]
    assert api.login("new.colleague@quid.example").status_code == 200
    actions = [entry["action"] for entry in admin.get("/admin/audit").get_json()["items"]]
    assert actions[:2] == ["person.joined", "invitation.created"]


def test_the_invitation_is_mailed_where_mail_is_configured(api, app):
    with MailServer() as mail:
        app.config.update(mail.quid_settings())
        created = invite(api.admin(), api, email="mailed@quid.example", division="Product")
        message = mail.wait_for(to="mailed@quid.example")
    assert created["mailed"] is True and created["mail_error"] is None
    assert message["From"] == "quid@quid.example" and message["Subject"] == "You are invited to Quid"
    body = message.get_content()
    assert created["code"] in body and "Product" in body and "The Admin invited you" in body
    assert "http://localhost" in body, "the server address the app needs"
    listed = api.admin().get("/admin/invitations").get_json()["items"][0]
    assert listed["mailed_at"] is not None and listed["mail_error"] is None
    assert join(api, created["code"]).status_code == 201


def test_a_mail_server_that_cannot_be_reached_still_leaves_the_admin_the_code(api, app):
    from tests.support.gunicorn import free_loopback_port

    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=free_loopback_port(),
        SMTP_SECURITY="none",
        MAIL_FROM="quid@quid.example",
        SMTP_TIMEOUT_SECONDS=2,
    )
    created = invite(api.admin(), api)
    assert created["mailed"] is False and "could not be reached" in created["mail_error"]
    assert api.admin().get("/admin/invitations").get_json()["items"][0]["mail_error"] == created["mail_error"]
    assert join(api, created["code"]).status_code == 201


def test_an_invitation_works_once(api):
    created = invite(api.admin(), api)
    assert join(api, created["code"]).status_code == 201
    assert_error(join(api, created["code"], name="Someone Else"), 422, mentions="already used")


def test_an_expired_invitation_is_refused(api, app):
    from server.common.clock import utcnow

    created = invite(api.admin(), api)
    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(days=app.config["INVITATION_DAYS"], minutes=1)
    error = assert_error(join(api, created["code"]), 422, mentions="expired")
    assert error["errors"] == {
        "json": {"invitation": [error["message"].removeprefix("Invalid input: invitation: ").rstrip(".") + "."]}
    }
    assert (
        api.admin().get("/admin/invitations", query={"state": "expired"}).get_json()["items"][0]["id"]
        == created["invitation"]["id"]
    )
    assert_error(api.admin().post(f"/admin/invitations/{created['invitation']['id']}/revoke"), 409, mentions="expired")


def test_a_revoked_invitation_is_refused(api):
    admin = api.admin()
    created = invite(admin, api)
    revoked = admin.post(f"/admin/invitations/{created['invitation']['id']}/revoke")
    assert revoked.status_code == 200 and revoked.get_json()["state"] == "revoked"
    assert_error(join(api, created["code"]), 422, mentions="withdrawn")
    assert_error(admin.post(f"/admin/invitations/{created['invitation']['id']}/revoke"), 409, mentions="revoked")
    assert_error(admin.post("/admin/invitations/999999/revoke"), 404)


def test_a_new_invitation_for_the_same_email_replaces_the_pending_one(api):
    admin = api.admin()
    first = invite(admin, api, division="Pre-Sales")
    second = invite(admin, api, division="Product")
    assert_error(join(api, first["code"]), 422, mentions="withdrawn")
    assert join(api, second["code"]).get_json()["user"]["division"]["name"] == "Product"


def test_codes_are_forgiving_to_type(api):
    code = invite(api.admin(), api)["code"]
    typed = " " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    assert join(api, typed).status_code == 201


def test_only_a_digest_of_the_code_is_stored(api, app):
    from server.extensions import db

    code = invite(api.admin(), api)["code"]
    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM invitations")).mappings().all()
    stored = " ".join(str(value) for row in rows for value in row.values())
    assert code not in stored and code.replace("-", "") not in stored


def test_two_uses_of_one_code_at_once_make_one_account(api, app):
    code = invite(api.admin(), api)["code"]
    statuses = []

    def use_it(name):
        statuses.append(
            join(api.__class__(app=app, client=app.test_client(), runner=api.runner), code, name=name).status_code
        )

    threads = [threading.Thread(target=use_it, args=(f"Racer {number}",)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses)[0] == 201 and statuses.count(201) == 1, statuses
    assert all(status in (201, 409, 422) for status in statuses), statuses
    people = api.admin().get("/admin/users", query={"q": "new.colleague"}).get_json()["items"]
    assert len(people) == 1


def test_the_open_door_is_shut(api):
    """The attack that was possible: sign up with any email into any division and read its posts."""
    insider = api.person(division="Pre-Sales")
    secret = insider.post_item(title="Pre-Sales only: pricing floor", audience="division")
    refused = api.post(
        "/auth/register",
        json={
            "email": "outsider@evil.example",
            "password": PASSWORD,
            "display_name": "Outsider",
            "division": api.division("Pre-Sales"),
        },
    )
    error = assert_error(refused, 422)
    assert error["errors"]["json"]["invitation"] == ["Missing data for required field."]
    assert set(error["errors"]["json"]) == {"invitation", "email", "division"}
    assert_error(
        api.post(
            "/auth/sign-up", json={"email": "outsider@evil.example", "password": PASSWORD, "display_name": "Outsider"}
        ),
        403,
        mentions="by invitation",
    )
    assert_error(api.login("outsider@evil.example"), 401)
    assert insider.get(f"/posts/{secret['id']}").status_code == 200


@pytest.mark.parametrize("role", ["member", "leader"])
def test_only_admins_manage_invitations(api, role):
    someone = api.person(role=role)
    created = invite(api.admin(), api)
    for response in (
        someone.get("/admin/invitations"),
        someone.post("/admin/invitations", json={"email": "x@quid.example", "division": api.division()}),
        someone.post(f"/admin/invitations/{created['invitation']['id']}/revoke"),
    ):
        assert_error(response, 403, mentions="admin")
    assert_error(api.get("/admin/invitations"), 401)
    assert_error(api.post("/admin/invitations", json={"email": "x@quid.example", "division": 1}), 401)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "not-an-email", "division": 1}, "email"),
        ({"email": "a\x00b@quid.example", "division": 1}, "email"),
        ({"email": "\ud800@quid.example", "division": 1}, "email"),
        ({"email": "x@quid.example", "division": 10**30}, "division"),
        ({"email": "x@quid.example", "division": 2**31}, "division"),
        ({"email": "x@quid.example", "division": -1}, "division"),
        ({"email": "x@quid.example", "division": "1"}, "division"),
        ({"email": "x@quid.example", "division": 1.5}, "division"),
        ({"email": "x@quid.example", "division": 999999}, "division"),
        ({"email": "x@quid.example", "division": 1, "role": "superadmin"}, "role"),
        ({"email": "x@quid.example", "division": 1, "code": "MINE"}, "code"),
        ({"email": "x@quid.example", "division": {"a": [[[[1]]]]}}, "division"),
    ],
)
def test_hostile_invitations_are_refused_naming_the_field(api, body, field):
    api.division("Pre-Sales")
    error = assert_error(api.admin().post("/admin/invitations", json=body), 422, mentions=field)
    assert field in error["errors"]["json"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/invitations?state=bogus",
        "/admin/invitations?limit=100000000000000000000",
        "/admin/invitations?cursor=%00",
        "/admin/invitations?unknown=1",
    ],
)
def test_hostile_invitation_queries_answer_422(api, path):
    assert_error(api.admin().get(path), 422)


def test_hostile_revocations_answer_404(api):
    assert_error(api.admin().post("/admin/invitations/99999999999999999999/revoke"), 404)
    assert_error(api.admin().post("/admin/invitations/9223372036854775807/revoke"), 404)
    assert_error(api.admin().post("/admin/invitations/2147483648/revoke"), 404)
    assert_error(api.admin().post("/admin/invitations/2147483647/revoke"), 404)


def test_the_command_line_invites_the_first_admin(api, runner):
    api.division("Operations")
    result = runner.invoke(args=["invite", "First.Admin@Quid.Example", "--division", "operations", "--role", "admin"])
    assert result.exit_code == 0, result.output
    code = result.output.split("Invitation code: ")[1].split()[0]
    joined = join(api, code, name="First Admin").get_json()["user"]
    assert joined["role"] == "admin" and joined["email"] == "first.admin@quid.example"
    admin = api.login("first.admin@quid.example").get_json()
    entries = api.client.get(
        "/api/v1/admin/audit", headers={"Authorization": f"Bearer {admin['access_token']}"}
    ).get_json()["items"]
    created = next(entry for entry in entries if entry["action"] == "invitation.created")
    assert created["actor"] == "Command line" and created["actor_id"] is None
    refused = runner.invoke(args=["invite", "someone@quid.example", "--division", "Nowhere"])
    assert refused.exit_code != 0 and "No division named" in refused.output
