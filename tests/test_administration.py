"""Administration: divisions and people, for admins only, every change in the audit log."""

import pytest

from tests.support.assertions import assert_error
from tests.support.http import PASSWORD

ADMIN_READS = [
    "/admin/divisions",
    "/admin/users",
    "/admin/users/1",
    "/admin/invitations",
    "/admin/sign-ups",
    "/admin/audit",
]


def last_entry(admin) -> dict:
    return admin.get("/admin/audit").get_json()["items"][0]


def test_an_admin_creates_and_renames_divisions(api):
    admin = api.admin()
    created = admin.post("/admin/divisions", json={"name": "  Ventes Île-de-France "})
    assert created.status_code == 201, created.get_json()
    division = created.get_json()
    assert division == {
        "id": division["id"],
        "slug": "ventes-ile-de-france",
        "name": "Ventes Île-de-France",
        "people": 0,
    }
    assert last_entry(admin)["action"] == "division.created"
    renamed = admin.patch(f"/admin/divisions/{division['id']}", json={"name": "Ventes Paris"})
    assert renamed.get_json()["name"] == "Ventes Paris" and renamed.get_json()["slug"] == "ventes-ile-de-france"
    entry = last_entry(admin)
    assert entry["action"] == "division.renamed" and entry["before"] == {"name": "Ventes Île-de-France"}
    assert entry["after"] == {"name": "Ventes Paris"}
    assert "renamed the division Ventes Île-de-France to Ventes Paris" in entry["summary"]
    names = {item["name"] for item in api.get("/divisions").get_json()["items"]}
    assert "Ventes Paris" in names and "Ventes Île-de-France" not in names
    counted = {item["name"]: item["people"] for item in admin.get("/admin/divisions").get_json()["items"]}
    assert counted["Operations"] == 1 and counted["Ventes Paris"] == 0


def test_division_names_are_unique_whatever_their_case(api):
    admin = api.admin()
    first = admin.post("/admin/divisions", json={"name": "Pre-Sales"}).get_json()
    assert_error(admin.post("/admin/divisions", json={"name": "pre-sales"}), 409, mentions="already a division")
    admin.post("/admin/divisions", json={"name": "Île-de-France"})
    assert_error(admin.post("/admin/divisions", json={"name": "ÎLE-DE-FRANCE"}), 409, mentions="already a division")
    other = admin.post("/admin/divisions", json={"name": "Pre Sales!"}).get_json()
    assert other["slug"] == "pre-sales-2", "a slug clash gets a number, not a refusal"
    assert_error(admin.patch(f"/admin/divisions/{other['id']}", json={"name": "PRE-SALES"}), 409)
    assert admin.patch(f"/admin/divisions/{first['id']}", json={"name": "Pre-Sales"}).status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": "A"}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Null\x00"}, "name"),
        ({"name": "\ud800\udc00\ud800"}, "name"),
        ({"name": 12}, "name"),
        ({"name": ["Sales"]}, "name"),
        ({"name": "Sales", "slug": "mine"}, "slug"),
    ],
)
def test_hostile_division_names_are_refused(api, body, field):
    admin = api.admin()
    assert field in assert_error(admin.post("/admin/divisions", json=body), 422)["errors"]["json"]
    assert field in assert_error(admin.patch(f"/admin/divisions/{api.division()}", json=body), 422)["errors"]["json"]


def test_renaming_a_division_that_does_not_exist_answers_404(api):
    admin = api.admin()
    assert_error(admin.patch("/admin/divisions/999999", json={"name": "Nowhere"}), 404)
    assert_error(admin.patch("/admin/divisions/99999999999999999999", json={"name": "Nowhere"}), 404)


def test_admins_find_people_by_name_email_division_role_and_state(api):
    admin = api.admin()
    ana = api.person(display_name="Ana López", email="ana.lopez@quid.example", division="Pre-Sales")
    bo = api.person(display_name="Bo Svensson", email="bo@quid.example", role="leader")
    found = admin.get("/admin/users", query={"q": "lópez"}).get_json()["items"]
    assert [person["id"] for person in found] == [ana.id]
    assert found[0]["email"] == "ana.lopez@quid.example" and found[0]["signs_in_with"] == "password"
    assert [person["id"] for person in admin.get("/admin/users", query={"q": "bo@quid"}).get_json()["items"]] == [bo.id]
    assert [
        person["id"]
        for person in admin.get("/admin/users", query={"division": api.division("Pre-Sales")}).get_json()["items"]
    ] == [ana.id]
    assert [person["id"] for person in admin.get("/admin/users", query={"role": "leader"}).get_json()["items"]] == [
        bo.id
    ]
    page = admin.get("/admin/users", query={"limit": 2}).get_json()
    rest = admin.get("/admin/users", query={"limit": 2, "cursor": page["next_cursor"]}).get_json()
    assert len(page["items"]) == 2 and len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert admin.get("/admin/users", query={"q": "100%_"}).get_json()["items"] == []


def test_changing_a_persons_division_changes_what_they_see(api):
    admin = api.admin()
    sales = api.person(division="Field Sales North")
    product_note = api.person(division="Product").post_item(title="Product only: the roadmap", audience="division")
    assert sales.get(f"/posts/{product_note['id']}").status_code == 404
    moved = admin.patch(f"/admin/users/{sales.id}", json={"division": api.division("Product"), "role": "leader"})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["division"]["name"] == "Product" and moved.get_json()["role"] == "leader"
    assert sales.get(f"/posts/{product_note['id']}").status_code == 200
    assert sales.get("/me").get_json()["division"]["name"] == "Product"
    entry = last_entry(admin)
    assert entry["action"] == "person.updated" and entry["object_id"] == sales.id
    assert entry["before"] == {"division": "Field Sales North", "role": "member"}
    assert entry["after"] == {"division": "Product", "role": "leader"}
    assert "division from Field Sales North to Product; role from member to leader" in entry["summary"]
    # A change to what it already is writes nothing.
    admin.patch(f"/admin/users/{sales.id}", json={"role": "leader"})
    assert last_entry(admin)["id"] == entry["id"]


def test_a_deactivated_person_is_out_at_once_and_their_content_stays(api):
    admin = api.admin()
    leaver = api.person(display_name="Lee Leaver")
    reader = api.person()
    insight = leaver.post_item(title="What the leaver knew")
    reader.post(f"/posts/{insight['id']}/uses", json={"note": "Used it"})
    response = admin.patch(f"/admin/users/{leaver.id}", json={"is_active": False})
    assert response.status_code == 200 and response.get_json()["is_active"] is False
    assert_error(leaver.get("/me"), 401)
    assert_error(api.post("/auth/refresh", headers={"Authorization": f"Bearer {leaver.refresh_token}"}), 401)
    assert_error(api.login(leaver.email, PASSWORD), 403, mentions="deactivated")
    assert_error(api.login(leaver.email, "wrong password"), 401, mentions="Wrong email or password")
    kept = reader.get(f"/posts/{insight['id']}").get_json()
    assert kept["title"] == "What the leaver knew" and kept["author"]["display_name"] == "Lee Leaver"
    assert_error(reader.get(f"/users/{leaver.id}"), 404)
    assert reader.get("/users", query={"q": "Leaver"}).get_json()["items"] == []
    assert all(item["user"]["id"] != leaver.id for item in reader.get("/leaderboard").get_json()["items"])
    assert [person["id"] for person in admin.get("/admin/users", query={"active": "false"}).get_json()["items"]] == [
        leaver.id
    ]
    assert last_entry(admin)["action"] == "person.deactivated"
    assert admin.patch(f"/admin/users/{leaver.id}", json={"is_active": True}).status_code == 200
    assert last_entry(admin)["action"] == "person.reactivated"
    assert api.login(leaver.email, PASSWORD).status_code == 200


def test_a_firm_is_never_left_without_an_admin(api):
    admin = api.admin()
    assert_error(admin.patch(f"/admin/users/{admin.id}", json={"is_active": False}), 409, mentions="yourself")
    assert_error(admin.patch(f"/admin/users/{admin.id}", json={"role": "member"}), 409, mentions="only active admin")
    second = api.person(role="admin")
    assert_error(second.patch(f"/admin/users/{second.id}", json={"is_active": False}), 409, mentions="yourself")
    assert admin.patch(f"/admin/users/{admin.id}", json={"role": "leader"}).status_code == 200
    assert_error(admin.get("/admin/users"), 403)
    assert_error(second.patch(f"/admin/users/{second.id}", json={"role": "member"}), 409)


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "_schema"),
        ({"role": "owner"}, "role"),
        ({"division": 999999}, "division"),
        ({"division": 2**31}, "division"),
        ({"division": "2"}, "division"),
        ({"is_active": "maybe"}, "is_active"),
        ({"reputation": 10000}, "reputation"),
        ({"email": "new@quid.example"}, "email"),
    ],
)
def test_hostile_changes_to_a_person_are_refused(api, body, field):
    person = api.person()
    error = assert_error(api.admin().patch(f"/admin/users/{person.id}", json=body), 422)
    assert field in error["errors"]["json"], error
    assert api.login(person.email).get_json()["user"]["role"] == "member"


def test_changing_someone_who_does_not_exist_answers_404(api):
    for user_id in ("999999", "2147483648", "99999999999999999999"):
        assert_error(api.admin().patch(f"/admin/users/{user_id}", json={"role": "leader"}), 404)
        assert_error(api.admin().get(f"/admin/users/{user_id}"), 404)


@pytest.mark.parametrize("role", ["member", "leader"])
def test_only_admins_may_administer(api, role):
    someone = api.person(role=role)
    for path in ADMIN_READS:
        assert_error(someone.get(path), 403, mentions="admin")
        assert_error(api.get(path), 401)
    for method, path, body in (
        ("POST", "/admin/divisions", {"name": "Mine"}),
        ("PATCH", "/admin/divisions/1", {"name": "Mine"}),
        ("PATCH", f"/admin/users/{someone.id}", {"role": "admin"}),
    ):
        assert_error(someone.call(method, path, json=body), 403)
    assert api.login(someone.email).get_json()["user"]["role"] == role


def test_the_command_line_changes_roles_through_the_audited_path(api, runner):
    admin = api.admin()
    person = api.person(email="promoted@quid.example")
    result = runner.invoke(args=["set-role", "Promoted@Quid.Example", "leader"])
    assert result.exit_code == 0 and "is now leader" in result.output
    entry = last_entry(admin)
    assert entry["actor"] == "Command line" and entry["object_id"] == person.id
    assert entry["before"] == {"role": "member"} and entry["after"] == {"role": "leader"}
    refused = runner.invoke(args=["set-role", "nobody@quid.example", "admin"])
    assert refused.exit_code != 0 and "No account" in refused.output


def test_each_divisions_count_follows_joins_moves_and_deactivations(api):
    admin = api.admin()

    def counts():
        return {item["name"]: item["people"] for item in admin.get("/admin/divisions").get_json()["items"]}

    first = api.person(division="Pre-Sales")
    second = api.person(division="Pre-Sales")
    api.division("Product")
    assert counts() == {"Operations": 1, "Pre-Sales": 2, "Product": 0}
    admin.patch(f"/admin/users/{first.id}", json={"division": api.division("Product")})
    assert counts() == {"Operations": 1, "Pre-Sales": 1, "Product": 1}
    admin.patch(f"/admin/users/{second.id}", json={"is_active": False})
    assert counts()["Pre-Sales"] == 0
    # A deactivated person moved counts nowhere until they are back.
    admin.patch(f"/admin/users/{second.id}", json={"division": api.division("Product")})
    assert counts() == {"Operations": 1, "Pre-Sales": 0, "Product": 1}
    answer = admin.patch(f"/admin/users/{second.id}", json={"is_active": True})
    assert answer.get_json()["division"]["name"] == "Product"
    assert counts() == {"Operations": 1, "Pre-Sales": 0, "Product": 2}
    kept = counts()
    api.cli("recompute")
    assert counts() == kept, "the kept counts are what counting the people gives"


def test_a_move_and_a_deactivation_in_one_change_count_once_in_the_new_division(api):
    admin = api.admin()

    def counts():
        return {item["name"]: item["people"] for item in admin.get("/admin/divisions").get_json()["items"]}

    person = api.person(division="Pre-Sales")
    api.division("Product")
    changed = admin.patch(f"/admin/users/{person.id}", json={"division": api.division("Product"), "is_active": False})
    assert changed.status_code == 200, changed.get_json()
    assert counts() == {"Operations": 1, "Pre-Sales": 0, "Product": 0}
    admin.patch(f"/admin/users/{person.id}", json={"is_active": True})
    assert counts() == {"Operations": 1, "Pre-Sales": 0, "Product": 1}
    kept = counts()
    api.cli("recompute")
    assert counts() == kept
