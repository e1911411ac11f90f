"""Uses ("I used this") and helpful votes, with their undo."""

import pytest

from tests.support.assertions import assert_error


@pytest.fixture
def contributions(api):
    author = api.person(division="Pre-Sales")
    challenge = api.person().post_item(kind="challenge")
    return {
        "author": author,
        "insight": author.post_item(kind="insight"),
        "answer": author.answer(challenge["id"]),
        "challenge": challenge,
    }


@pytest.mark.parametrize("target", ["insight", "answer"])
def test_using_and_undoing(api, contributions, target):
    base = "/posts" if target == "insight" else "/answers"
    item = contributions[target]
    user = api.person(division="Field Sales South")
    response = user.post(
        f"{base}/{item['id']}/uses", json={"note": "Won the pilot with it", "hours_saved": 2.5, "deal_influenced": True}
    )
    assert response.status_code == 201
    use = response.get_json()
    assert use["user"]["id"] == user.id and use["note"] == "Won the pilot with it"
    assert use["hours_saved"] == 2.5 and use["deal_influenced"] is True
    shown = user.get(f"{base}/{item['id']}").get_json()
    assert shown["use_count"] == 1 and shown["viewer"]["used"] is True
    listed = contributions["author"].get(f"{base}/{item['id']}/uses").get_json()["items"]
    assert [entry["id"] for entry in listed] == [use["id"]]

    assert_error(user.post(f"{base}/{item['id']}/uses", json={"note": "again"}), 409, mentions="already")
    assert user.delete(f"{base}/{item['id']}/uses").status_code == 204
    assert user.get(f"{base}/{item['id']}").get_json()["use_count"] == 0
    assert_error(user.delete(f"{base}/{item['id']}/uses"), 404)
    # After an undo, using again is allowed.
    assert user.post(f"{base}/{item['id']}/uses", json={"note": "used again"}).status_code == 201


@pytest.mark.parametrize("target", ["insight", "answer"])
def test_the_list_of_uses_says_who_how_and_what_every_use_adds_up_to(api, contributions, target):
    base = "/posts" if target == "insight" else "/answers"
    item = contributions[target]
    reports = [
        {"note": "Won the pilot with it", "hours_saved": 2.5, "deal_influenced": True},
        {"note": "Reused the slide", "hours_saved": 1},
        {"note": "Quoted it to the CFO", "deal_influenced": True},
    ]
    users = [api.person(division="Field Sales South") for _ in reports]
    for user, report in zip(users, reports):
        assert user.post(f"{base}/{item['id']}/uses", json=report).status_code == 201
    first = contributions["author"].get(f"{base}/{item['id']}/uses", query={"limit": 2}).get_json()
    assert [entry["user"]["id"] for entry in first["items"]] == [users[2].id, users[1].id]
    assert first["items"][0]["note"] == "Quoted it to the CFO" and first["items"][0]["deal_influenced"] is True
    assert first["items"][0]["user"]["division"]["name"] == "Field Sales South"
    # The totals are over every use, not only this page's.
    assert first["totals"] == {"uses": 3, "hours_saved": 3.5, "deals_influenced": 2}
    rest = (
        contributions["author"]
        .get(f"{base}/{item['id']}/uses", query={"limit": 2, "cursor": first["next_cursor"]})
        .get_json()
    )
    assert [entry["user"]["id"] for entry in rest["items"]] == [users[0].id] and rest["next_cursor"] is None
    assert rest["totals"] == first["totals"]
    # An undo leaves the totals at once.
    assert users[0].delete(f"{base}/{item['id']}/uses").status_code == 204
    assert contributions["author"].get(f"{base}/{item['id']}/uses").get_json()["totals"] == {
        "uses": 2,
        "hours_saved": 1.0,
        "deals_influenced": 1,
    }


def test_a_contribution_nobody_used_lists_nothing_and_totals_zero(api, contributions):
    listed = contributions["author"].get(f"/posts/{contributions['insight']['id']}/uses").get_json()
    assert listed == {
        "items": [],
        "next_cursor": None,
        "totals": {"uses": 0, "hours_saved": 0.0, "deals_influenced": 0},
    }


def test_use_rules(api, contributions):
    author, insight, challenge = contributions["author"], contributions["insight"], contributions["challenge"]
    user = api.person()
    assert_error(author.post(f"/posts/{insight['id']}/uses", json={"note": "mine"}), 403, mentions="own")
    assert_error(user.post(f"/posts/{challenge['id']}/uses", json={"note": "x"}), 409, mentions="challenge")
    for body, field in (
        ({}, "note"),
        ({"note": ""}, "note"),
        ({"note": "x", "hours_saved": -1}, "hours_saved"),
        ({"note": "x", "hours_saved": 5000}, "hours_saved"),
        ({"note": "x", "deal_influenced": "maybe"}, "deal_influenced"),
        ({"note": "x", "user_id": 1}, "user_id"),
    ):
        assert_error(user.post(f"/posts/{insight['id']}/uses", json=body), 422, mentions=field)
    assert_error(user.post("/posts/9999/uses", json={"note": "x"}), 404)


@pytest.mark.parametrize("target", ["insight", "answer", "challenge"])
def test_helpful_votes(api, contributions, target):
    base = "/answers" if target == "answer" else "/posts"
    item = contributions[target]
    owner = contributions["author"] if target != "challenge" else None
    voter = api.person(level=2)
    response = voter.post(f"{base}/{item['id']}/helpful")
    assert response.status_code == 201
    assert response.get_json()["helpful_count"] == 1
    assert_error(voter.post(f"{base}/{item['id']}/helpful"), 409, mentions="already")
    assert voter.get(f"{base}/{item['id']}").get_json()["viewer"]["found_helpful"] is True
    assert api.admin().post(f"{base}/{item['id']}/helpful").get_json()["helpful_count"] == 2
    assert voter.delete(f"{base}/{item['id']}/helpful").status_code == 204
    assert voter.get(f"{base}/{item['id']}").get_json()["helpful_count"] == 1
    assert_error(voter.delete(f"{base}/{item['id']}/helpful"), 404)
    if owner:
        assert_error(owner.post(f"{base}/{item['id']}/helpful"), 403, mentions="own")
