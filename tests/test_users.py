"""People: `/me`, editing oneself, the directory and public profiles."""

from tests.support.assertions import assert_error
from tests.support.trades import act, propose


def test_me_and_a_public_profile(api):
    ana = api.person(display_name="Ana López", division="Field Sales North")
    bo = api.person(division="Pre-Sales")
    me = ana.get("/me").get_json()
    assert me["email"] == ana.email and me["display_name"] == "Ana López"
    assert set(me) >= {"reputation", "level", "badges", "trust", "division", "role", "expertise"}
    profile = bo.get(f"/users/{ana.id}").get_json()
    assert profile["display_name"] == "Ana López"
    assert profile["level"] == me["level"] and profile["trust"] == me["trust"]
    assert "email" not in profile
    assert_error(bo.get("/users/99999"), 404)


def test_editing_oneself(api):
    ana = api.person()
    api.tags("pricing", "sap-integration")
    changed = ana.patch(
        "/me",
        json={
            "display_name": "  Ana L. ",
            "title": "Account Executive",
            "expertise": ["Pricing", "sap-integration", "pricing"],
        },
    )
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["display_name"] == "Ana L." and body["title"] == "Account Executive"
    assert body["expertise"] == ["pricing", "sap-integration"]
    assert ana.get("/me").get_json()["expertise"] == ["pricing", "sap-integration"]
    assert_error(ana.patch("/me", json={"expertise": ["no-such-tag"]}), 422, mentions="no-such-tag")
    assert_error(ana.patch("/me", json={"display_name": "A"}), 422, mentions="display_name")
    assert_error(ana.patch("/me", json={"expertise": [f"t{n}" for n in range(11)]}), 422, mentions="expertise")
    for field, value in (("role", "admin"), ("reputation", 9999), ("email", "x@quid.example"), ("division", 2)):
        assert_error(ana.patch("/me", json={field: value}), 422, mentions=field)
    assert ana.get("/me").get_json()["role"] == "member"


def test_the_directory_by_name_and_division(api):
    ana = api.person(display_name="Ana López", division="Field Sales North")
    bo = api.person(display_name="Bo Svensson", division="Pre-Sales")
    cy = api.person(display_name="Cy Anand", division="Pre-Sales")

    def names(**query):
        response = ana.get("/users", query=query)
        assert response.status_code == 200, response.get_json()
        return [item["display_name"] for item in response.get_json()["items"]]

    assert names() == ["Ana López", "Bo Svensson", "Cy Anand"]
    assert names(q="an") == ["Ana López", "Cy Anand"]
    assert names(division=api.division("Pre-Sales")) == ["Bo Svensson", "Cy Anand"]
    first = ana.get("/users", query={"limit": 2}).get_json()
    rest = ana.get("/users", query={"limit": 2, "cursor": first["next_cursor"]}).get_json()
    assert [item["id"] for item in first["items"] + rest["items"]] == [ana.id, bo.id, cy.id]
    assert_error(ana.get("/users", query={"q": "x" * 201}), 422, mentions="q")


def test_my_profile_says_whether_i_have_started_from_expertise_or_anything_i_did(api):
    """`started` tells the app whom to welcome: false for someone new, true once they chose
    expertise or did something themselves; someone else's proposal does not count."""
    api.tags("pricing")
    newcomer, author, trader = api.person(), api.person(), api.person()
    assert newcomer.user["started"] is False  # signing in says it too
    assert api.login(newcomer.email).get_json()["user"]["started"] is False
    assert newcomer.get("/me").get_json()["started"] is False
    assert "started" not in author.get(f"/users/{newcomer.id}").get_json()
    assert newcomer.patch("/me", json={"expertise": ["pricing"]}).get_json()["started"] is True
    assert newcomer.patch("/me", json={"expertise": []}).get_json()["started"] is False

    insight = author.post_item()
    assert author.get("/me").get_json()["started"] is True
    used = newcomer.post(f"/posts/{insight['id']}/uses", json={"note": "Used it with a customer."})
    assert used.status_code == 201, used.get_json()
    assert newcomer.get("/me").get_json()["started"] is True

    trade = propose(author, trader)
    assert trader.get("/me").get_json()["started"] is False
    assert act(trader, trade, "decline").status_code == 200
    assert trader.get("/me").get_json()["started"] is True
