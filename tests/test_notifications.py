"""Notifications for answers, acceptances, uses, level-ups and badges; none for oneself."""

from tests.support.assertions import assert_error, kinds


def test_the_events_that_notify(api):
    asker = api.person()
    expert = api.person(division="Pre-Sales")
    challenge = asker.post_item(kind="challenge", title="How do we price 500 gateways")
    answer = expert.answer(challenge["id"])
    asker.post(f"/answers/{answer['id']}/accept")
    user = api.person(division="Product")
    user.post(f"/answers/{answer['id']}/uses", json={"note": "Closed the Globex deal with it"})

    asker_items = asker.get("/notifications").get_json()["items"]
    assert asker_items[0]["kind"] == "answer_on_my_challenge"
    assert asker_items[0]["actor"]["id"] == expert.id and asker_items[0]["post_id"] == challenge["id"]
    expert_items = expert.get("/notifications", query={"limit": 100}).get_json()["items"]
    used = next(item for item in expert_items if item["kind"] == "contribution_used")
    assert used["data"]["note"] == "Closed the Globex deal with it"
    assert "Closed the Globex deal with it" in used["message"]
    assert "answer_accepted" in kinds(expert)
    # 15 for the acceptance + 15 for the cross-division use: level 2.
    level_up = next(item for item in expert_items if item["kind"] == "level_up")
    assert level_up["data"] == {"level": 2, "name": "Contributor"} and level_up["actor"] is None


def test_nothing_is_said_about_ones_own_actions(api):
    person = api.person()
    challenge = person.post_item(kind="challenge")
    answer = person.answer(challenge["id"])
    person.post(f"/answers/{answer['id']}/accept")
    assert set(kinds(person)) == {"badge_earned"}


def test_unread_count_cursor_and_marking_read(api):
    asker = api.person()
    challenge = asker.post_item(kind="challenge")
    for _ in range(5):
        api.person().answer(challenge["id"])
    page = asker.get("/notifications", query={"limit": 3}).get_json()
    total = page["unread_count"]
    assert total == 6  # five answers and the First Challenge badge
    rest = asker.get("/notifications", query={"limit": 3, "cursor": page["next_cursor"]}).get_json()
    ids = [item["id"] for item in page["items"] + rest["items"]]
    assert len(set(ids)) == 6 and ids == sorted(ids, reverse=True)
    marked = asker.post("/notifications/read", json={"ids": ids[:2]})
    assert marked.status_code == 200 and marked.get_json() == {"unread_count": 4}
    assert len(asker.get("/notifications", query={"unread": "true"}).get_json()["items"]) == 4
    assert asker.get("/notifications").get_json()["items"][0]["read"] is True
    stranger = api.person()
    assert_error(stranger.post("/notifications/read", json={"ids": [ids[0]]}), 404)
    assert asker.post("/notifications/read", json={}).get_json() == {"unread_count": 0}
    assert_error(asker.post("/notifications/read", json={"ids": []}), 422, mentions="ids")
