"""Self sign-up from the firm's own domains: held until an admin places the person in a division."""

import pytest

from tests.support.assertions import assert_error
from tests.support.http import PASSWORD

FIRM = "firm.example"


@pytest.fixture
def open_to_the_firm(app):
    app.config["ALLOWED_EMAIL_DOMAINS"] = (FIRM,)


def sign_up(api, email=f"newbie@{FIRM}", password=PASSWORD, name="New Bie"):
    return api.post("/auth/sign-up", json={"email": email, "password": password, "display_name": name})


def pending(admin):
    return admin.get("/admin/sign-ups").get_json()["items"]


def test_self_sign_up_is_off_unless_the_firm_names_its_domains(api):
    assert api.get("/auth/options").get_json()["self_sign_up_domains"] == []
    assert_error(sign_up(api), 403, mentions="by invitation")
    assert pending(api.admin()) == []


def test_a_sign_up_waits_until_an_admin_places_the_person(api, open_to_the_firm):
    assert api.get("/auth/options").get_json()["self_sign_up_domains"] == [FIRM]
    answer = sign_up(api)
    assert answer.status_code == 202 and answer.get_json()["status"] == "pending"
    assert_error(api.login(f"newbie@{FIRM}"), 403, mentions="waiting for an admin")
    assert_error(api.login(f"newbie@{FIRM}", "not the password"), 401, mentions="Wrong email or password")
    admin = api.admin()
    [request] = pending(admin)
    assert (request["email"], request["display_name"], request["state"]) == (f"newbie@{FIRM}", "New Bie", "pending")
    approved = admin.post(
        f"/admin/sign-ups/{request['id']}/approve", json={"division": api.division("Product"), "role": "leader"}
    )
    assert approved.status_code == 200 and approved.get_json()["state"] == "approved"
    session = api.login(f"newbie@{FIRM}").get_json()
    assert session["user"]["division"]["name"] == "Product" and session["user"]["role"] == "leader"
    assert session["user"]["id"] == approved.get_json()["user_id"]
    assert pending(admin) == []
    entry = admin.get("/admin/audit").get_json()["items"][0]
    assert entry["action"] == "sign_up.approved" and entry["actor"] == "The Admin"
    assert entry["after"] == {"state": "approved", "division": "Product", "role": "leader"}


def test_signing_up_never_tells_whether_an_email_has_an_account(api, open_to_the_firm):
    existing = api.person(email=f"taken@{FIRM}")
    assert sign_up(api, email=f"asked@{FIRM}").status_code == 202
    answers = [
        sign_up(api, email=email, password="another password here")
        for email in (f"taken@{FIRM}", f"asked@{FIRM}", f"fresh@{FIRM}")
    ]
    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.data for answer in answers}) == 1
    # Nothing about the existing account or the first request changed.
    assert api.login(f"taken@{FIRM}").get_json()["user"]["id"] == existing.id
    assert_error(api.login(f"taken@{FIRM}", "another password here"), 401)
    assert [request["email"] for request in pending(api.admin())] == [f"asked@{FIRM}", f"fresh@{FIRM}"]
    assert_error(api.login(f"asked@{FIRM}", "another password here"), 401)


@pytest.mark.parametrize("email", ["someone@elsewhere.example", f"someone@sub.{FIRM}", f"someone@{FIRM}.evil"])
def test_only_the_firms_own_domains_may_sign_up(api, open_to_the_firm, email):
    assert_error(sign_up(api, email=email), 422, mentions=FIRM)


def test_a_turned_down_sign_up_cannot_sign_in_or_ask_again(api, open_to_the_firm):
    sign_up(api)
    admin = api.admin()
    [request] = pending(admin)
    rejected = admin.post(f"/admin/sign-ups/{request['id']}/reject")
    assert rejected.status_code == 200 and rejected.get_json()["state"] == "rejected"
    assert_error(api.login(f"newbie@{FIRM}"), 401)
    assert sign_up(api).status_code == 202
    assert pending(admin) == []
    assert_error(admin.post(f"/admin/sign-ups/{request['id']}/approve", json={"division": api.division()}), 409)
    assert admin.get("/admin/sign-ups", query={"state": "rejected"}).get_json()["items"][0]["id"] == request["id"]


def test_approving_checks_the_division_and_happens_once(api, open_to_the_firm):
    sign_up(api)
    admin = api.admin()
    [request] = pending(admin)
    assert_error(
        admin.post(f"/admin/sign-ups/{request['id']}/approve", json={"division": 999999}), 422, mentions="division"
    )
    assert_error(admin.post(f"/admin/sign-ups/{request['id']}/approve", json={}), 422, mentions="division")
    assert admin.post(f"/admin/sign-ups/{request['id']}/approve", json={"division": api.division()}).status_code == 200
    assert_error(
        admin.post(f"/admin/sign-ups/{request['id']}/approve", json={"division": api.division()}),
        409,
        mentions="already approved",
    )
    assert_error(admin.post("/admin/sign-ups/999999/approve", json={"division": api.division()}), 404)
    assert_error(admin.post("/admin/sign-ups/99999999999999999999/reject"), 404)


def test_people_waiting_appear_nowhere_but_with_admins(api, open_to_the_firm):
    member = api.person()
    sign_up(api, name="Invisible Waiter")
    assert member.get("/users", query={"q": "Invisible"}).get_json()["items"] == []
    assert all(
        item["user"]["display_name"] != "Invisible Waiter" for item in member.get("/leaderboard").get_json()["items"]
    )
    assert_error(member.get("/admin/sign-ups"), 403)
    assert_error(member.post("/admin/sign-ups/1/approve", json={"division": 1}), 403)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": f"a@{FIRM}", "password": "short", "display_name": "Ab"}, "password"),
        ({"email": f"a@{FIRM}", "password": PASSWORD, "display_name": "A"}, "display_name"),
        ({"email": f"a@{FIRM}", "password": PASSWORD, "display_name": "Ab\x00"}, "display_name"),
        ({"email": f"a@{FIRM}", "password": PASSWORD, "display_name": "Ab", "division": 1}, "division"),
        ({"email": f"a@{FIRM}", "password": PASSWORD, "display_name": "Ab", "role": "admin"}, "role"),
        ({"email": "\ud800@" + FIRM, "password": PASSWORD, "display_name": "Ab"}, "email"),
    ],
)
def test_hostile_sign_ups_are_refused_naming_the_field(api, open_to_the_firm, body, field):
    assert field in assert_error(api.post("/auth/sign-up", json=body), 422)["errors"]["json"]
    assert pending(api.admin()) == []
