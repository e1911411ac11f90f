"""The audit log: who changed what, before and after, when; for admins only; no secrets in it."""

import json

import pytest

from tests.support.assertions import assert_error


def entries(admin, **query) -> list[dict]:
    response = admin.get("/admin/audit", query=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_every_admin_action_is_in_the_log_with_who_what_before_after_and_when(api):
    admin = api.admin()
    division = admin.post("/admin/divisions", json={"name": "Marketing"}).get_json()
    admin.patch(f"/admin/divisions/{division['id']}", json={"name": "Brand Marketing"})
    person = api.person(display_name="Pat Person", email="pat@quid.example")
    admin.patch(f"/admin/users/{person.id}", json={"division": division["id"]})
    admin.patch(f"/admin/users/{person.id}", json={"is_active": False})
    created = admin.post("/admin/invitations", json={"email": "guest@quid.example", "division": division["id"]})
    admin.post(f"/admin/invitations/{created.get_json()['invitation']['id']}/revoke")
    log = entries(admin)
    mine = [entry for entry in log if entry["actor_id"] == admin.id]
    assert [entry["action"] for entry in mine] == [
        "invitation.revoked",
        "invitation.created",
        "person.deactivated",
        "person.updated",
        "division.renamed",
        "division.created",
        "person.joined",
    ]
    assert all(entry["actor"] == "The Admin" and entry["at"] for entry in mine)
    by_action = {entry["action"]: entry for entry in mine}
    assert by_action["person.updated"]["object"] == "Pat Person (pat@quid.example)"
    assert by_action["person.updated"]["before"] == {"division": "Field Sales North"}
    assert by_action["person.updated"]["after"] == {"division": "Brand Marketing"}
    assert by_action["person.deactivated"]["summary"] == "The Admin deactivated Pat Person (pat@quid.example)"
    assert by_action["invitation.created"]["after"]["email"] == "guest@quid.example"
    assert by_action["division.created"]["object"] == "Marketing", "named as it was then"
    assert [entry["id"] for entry in log] == sorted((entry["id"] for entry in log), reverse=True)


def test_the_log_is_filtered_by_action_object_actor_and_time_and_paged(api, app):
    admin = api.admin()
    people = [api.person() for _ in range(3)]
    for person in people:
        admin.patch(f"/admin/users/{person.id}", json={"role": "leader"})
    updates = entries(admin, action="person.updated")
    assert [entry["object_id"] for entry in updates] == [person.id for person in reversed(people)]
    one = entries(admin, object_type="person", object_id=people[0].id)
    assert {entry["action"] for entry in one} == {"person.updated", "person.vouched", "person.joined"}
    assert {entry["actor_id"] for entry in entries(admin, actor=admin.id)} == {admin.id}
    later = entries(admin, since="2100-01-01T00:00:00Z")
    assert later == []
    first = admin.get("/admin/audit", query={"limit": 2}).get_json()
    second = admin.get("/admin/audit", query={"limit": 2, "cursor": first["next_cursor"]}).get_json()
    assert len(first["items"]) == 2 and first["items"][-1]["id"] > second["items"][0]["id"]


def test_moderation_of_someone_elses_content_is_logged_and_authors_own_edits_are_not(api):
    admin = api.admin()
    author = api.person(display_name="Ann Author")
    post = author.post_item(title="An insight with a typo", kind="challenge")
    author.patch(f"/posts/{post['id']}", json={"title": "An insight without a typo"})
    answer = api.person().answer(post["id"])
    assert entries(admin, object_type="post") == []
    admin.patch(f"/posts/{post['id']}", json={"title": "An insight, moderated"})
    admin.patch(f"/answers/{answer['id']}", json={"body": "A moderated answer."})
    admin.delete(f"/answers/{answer['id']}")
    admin.delete(f"/posts/{post['id']}")
    log = entries(admin)
    assert [entry["action"] for entry in log[:4]] == ["post.deleted", "answer.deleted", "answer.edited", "post.edited"]
    edited = log[3]
    assert edited["before"] == {"title": "An insight without a typo"} and edited["after"] == {
        "title": "An insight, moderated"
    }
    assert edited["object_type"] == "post" and edited["object_id"] == post["id"]


def test_no_secret_reaches_the_log(api):
    admin = api.admin()
    created = admin.post("/admin/invitations", json={"email": "secret@quid.example", "division": api.division()})
    code = created.get_json()["code"]
    joined = api.post(
        "/auth/register",
        json={"invitation": code, "password": "a very secret password", "display_name": "Secret Keeper"},
    ).get_json()
    text = json.dumps(entries(admin, limit=100))
    for secret in (
        code,
        code.replace("-", ""),
        "a very secret password",
        joined["access_token"],
        joined["refresh_token"],
    ):
        assert secret not in text


@pytest.mark.parametrize(
    "query",
    [
        {"action": "person.exploded"},
        {"object_type": "planet"},
        {"object_id": "99999999999999999999"},
        {"object_id": "0"},
        {"actor": "-1"},
        {"since": "9999-12-31T23:59:59-12:00"},
        {"since": "2026-13-40"},
        {"since": "2026-12-01T25:00:00"},
        {"limit": "0"},
        {"cursor": "not-ours"},
        {"order": "asc"},
    ],
)
def test_hostile_audit_queries_answer_422(api, query):
    assert_error(api.admin().get("/admin/audit", query=query), 422)


@pytest.mark.parametrize("role", ["member", "leader"])
def test_only_admins_read_the_log(api, role):
    assert_error(api.person(role=role).get("/admin/audit"), 403)
    assert_error(api.get("/admin/audit"), 401)
