"""Levels with progress, and the privileges they unlock (admins hold them all)."""

from datetime import timedelta

from tests.support.assertions import assert_error


def test_level_and_progress_follow_reputation(api):
    person = api.person(level=2)
    me = person.get("/me").get_json()
    assert me["reputation"] == 30
    assert me["level"] == {
        "number": 2,
        "name": "Contributor",
        "progress": round(5 / 75, 4),
        "next_at": 100,
        "next_breadth": None,
        "breadth": None,
    }
    profile = api.person().get(f"/users/{person.id}").get_json()
    assert profile["level"]["number"] == 2


def test_helpful_votes_need_level_two(api):
    post = api.person().post_item()
    newcomer = api.person()
    assert_error(
        newcomer.post(f"/posts/{post['id']}/helpful"),
        403,
        mentions="vote helpful you need level 2 (Contributor); you are level 1 (Newcomer)",
    )
    assert api.person(level=2).post(f"/posts/{post['id']}/helpful").status_code == 201
    assert api.admin().post(f"/posts/{post['id']}/helpful").status_code == 201


def test_new_tags_need_level_three(api):
    api.tags("pricing")
    newcomer = api.person()
    response = newcomer.post(
        "/posts",
        json={"kind": "insight", "title": "Uses a brand new tag", "body": "b", "tags": ["pricing", "brand-new"]},
    )
    assert_error(response, 403, mentions="brand-new")
    assert "level 3 (Regular)" in response.get_json()["message"]
    assert newcomer.post_item(tags=["pricing"])["tags"] == ["pricing"]
    assert_error(newcomer.post("/tags", json={"name": "another"}), 403, mentions="level 3")
    regular = api.person(level=3)
    assert regular.post_item(tags=["brand-new"])["tags"] == ["brand-new"]
    assert regular.post("/tags", json={"name": "another"}).status_code == 201
    assert_error(regular.post("/tags", json={"name": "another"}), 409)
    assert_error(regular.post("/tags", json={"name": "Not Valid!"}), 422, mentions="name")


def test_retagging_others_posts_needs_level_four(api):
    api.tags("pricing", "renewal")
    post = api.person().post_item(tags=["pricing"])
    regular = api.person(level=3)
    assert_error(regular.patch(f"/posts/{post['id']}", json={"tags": ["renewal"]}), 403, mentions="level 4")
    advisor = api.person(level=4)
    retagged = advisor.patch(f"/posts/{post['id']}", json={"tags": ["renewal"]})
    assert retagged.status_code == 200 and retagged.get_json()["tags"] == ["renewal"]
    # Retagging is all a level-4 member may change on someone else's post.
    assert_error(advisor.patch(f"/posts/{post['id']}", json={"tags": ["pricing"], "title": "Changed title"}), 403)


def test_closing_stale_challenges_and_marking_duplicates_need_level_five(api, app):
    from server.common.clock import utcnow

    asker = api.person()
    challenge = asker.post_item(kind="challenge", title="Old unanswered challenge")
    original = asker.post_item(kind="challenge", title="The original challenge")
    repeat = api.person().post_item(kind="challenge", title="The same challenge again")
    advisor = api.person(level=4)
    expert = api.person(level=5)
    close = {"status": "closed"}
    assert_error(advisor.patch(f"/posts/{challenge['id']}", json=close), 403, mentions="level 5")
    assert_error(expert.patch(f"/posts/{challenge['id']}", json=close), 409, mentions="not stale")
    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(days=31)
    closed = expert.patch(f"/posts/{challenge['id']}", json=close)
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"

    assert_error(
        advisor.post(f"/posts/{repeat['id']}/duplicate", json={"of": original["id"]}), 403, mentions="level 5 (Expert)"
    )
    marked = expert.post(f"/posts/{repeat['id']}/duplicate", json={"of": original["id"]})
    assert marked.status_code == 200
    assert marked.get_json()["status"] == "closed" and marked.get_json()["duplicate_of_id"] == original["id"]
    assert_error(expert.post(f"/posts/{original['id']}/duplicate", json={"of": original["id"]}), 409)
    assert_error(expert.post(f"/posts/{original['id']}/duplicate", json={"of": 9999}), 404)


def test_admins_hold_every_privilege_from_level_one(api, app):
    from server.common.clock import utcnow

    api.tags("pricing")
    admin = api.admin()
    assert admin.get("/me").get_json()["level"]["number"] == 1
    post = api.person().post_item(tags=["pricing"])
    assert admin.post(f"/posts/{post['id']}/helpful").status_code == 201  # level 2
    assert admin.post_item(tags=["admin-made"])["tags"] == ["admin-made"]  # level 3
    assert admin.post("/tags", json={"name": "admin-listed"}).status_code == 201
    retagged = admin.patch(f"/posts/{post['id']}", json={"tags": ["admin-made"]})  # level 4
    assert retagged.status_code == 200 and retagged.get_json()["tags"] == ["admin-made"]
    stale = api.person().post_item(kind="challenge", title="Old unanswered challenge")
    original = api.person().post_item(kind="challenge", title="The original challenge")
    repeat = api.person().post_item(kind="challenge", title="The same challenge again")
    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(days=31)
    closed = admin.patch(f"/posts/{stale['id']}", json={"status": "closed"})  # level 5
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    marked = admin.post(f"/posts/{repeat['id']}/duplicate", json={"of": original["id"]})
    assert marked.status_code == 200 and marked.get_json()["duplicate_of_id"] == original["id"]
