"""Idempotency-Key: retries return the first response and create nothing new."""

from datetime import timedelta

import pytest

from tests.support.assertions import assert_error

KEY = {"Idempotency-Key": "3f1e6a1c-7d0b-4b7e-9a55-1f0c2a8e9d10"}


def insight(title="A field insight worth keeping"):
    return {"kind": "insight", "title": title, "body": "Body", "audience": "firm"}


def count_posts(person) -> int:
    """Posts written by `person`."""
    return len(person.get("/posts", query={"limit": 100, "author": person.id}).get_json()["items"])


def test_the_same_key_and_body_return_the_first_response(api):
    person = api.person()
    first = person.post("/posts", json=insight(), headers=KEY)
    again = person.post("/posts", json=insight(), headers=KEY)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count_posts(person) == 1


def test_key_order_in_the_body_does_not_matter(api):
    person = api.person()
    person.client.post(
        "/api/v1/posts",
        data='{"kind":"insight","title":"Same insight body","body":"B"}',
        headers={**person.headers, **KEY, "Content-Type": "application/json"},
    )
    replay = person.client.post(
        "/api/v1/posts",
        data='{"body":"B", "title":"Same insight body","kind":"insight"}',
        headers={**person.headers, **KEY, "Content-Type": "application/json"},
    )
    assert replay.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert count_posts(person) == 1


def test_the_same_key_with_another_body_or_path_answers_422(api):
    person = api.person()
    post = person.post("/posts", json=insight(), headers=KEY).get_json()
    assert_error(
        person.post("/posts", json=insight("A different insight title"), headers=KEY), 422, mentions="Idempotency-Key"
    )
    other = api.person(level=2)
    assert_error(person.post(f"/posts/{post['id']}/helpful", headers=KEY), 422, mentions="Idempotency-Key")
    assert other.post(f"/posts/{post['id']}/helpful", headers=KEY).status_code == 201
    assert count_posts(person) == 1


def test_keys_belong_to_their_caller(api):
    ana, bo = api.person(), api.person()
    assert ana.post("/posts", json=insight(), headers=KEY).status_code == 201
    response = bo.post("/posts", json=insight(), headers=KEY)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert count_posts(ana) == count_posts(bo) == 1


def test_a_failed_request_is_not_remembered(api):
    person = api.person()
    assert_error(person.post("/posts", json=insight("short"), headers=KEY), 422, mentions="title")
    assert person.post("/posts", json=insight(), headers=KEY).status_code == 201
    assert count_posts(person) == 1


def test_every_creating_post_honours_the_key(api):
    asker, expert, reader = api.person(), api.person(), api.person(level=2)
    challenge = asker.post_item(kind="challenge")
    idea = expert.post_item(kind="insight")
    calls = [
        (expert, f"/posts/{challenge['id']}/answers", {"body": "An answer"}),
        (reader, f"/posts/{idea['id']}/uses", {"note": "Used it"}),
        (reader, f"/posts/{idea['id']}/helpful", None),
    ]
    for number, (person, path, body) in enumerate(calls):
        headers = {"Idempotency-Key": f"key-{number}"}
        first = person.post(path, json=body, headers=headers)
        second = person.post(path, json=body, headers=headers)
        assert first.status_code == 201, first.get_json()
        assert second.status_code == 201 and second.get_json() == first.get_json()
    answer_id = asker.get(f"/posts/{challenge['id']}/answers").get_json()["items"][0]["id"]
    first = asker.post(f"/answers/{answer_id}/accept", headers={"Idempotency-Key": "accept"})
    second = asker.post(f"/answers/{answer_id}/accept", headers={"Idempotency-Key": "accept"})
    assert first.status_code == second.status_code == 200
    assert asker.get(f"/posts/{challenge['id']}").get_json()["answer_count"] == 1


def test_joining_honours_the_key_and_its_retry_asks_to_sign_in(api):
    body = {
        "invitation": api.invitation(email="retry@quid.example"),
        "password": "correct horse battery",
        "display_name": "Retry",
    }
    first = api.post("/auth/register", json=body, headers=KEY)
    second = api.post("/auth/register", json=body, headers=KEY)
    assert first.status_code == 201
    # The session is not handed out twice (see the API2 tests); the account exists once.
    assert_error(second, 409, mentions="sign in")
    signed_in = api.login("retry@quid.example")
    assert signed_in.status_code == 200
    assert signed_in.get_json()["user"]["id"] == first.get_json()["user"]["id"]


def test_an_undo_retried_with_its_key_answers_its_first_response(api):
    asker, expert, reader = api.person(), api.person(), api.person(level=2)
    challenge = asker.post_item(kind="challenge")
    idea = expert.post_item(kind="insight")
    answer = expert.answer(challenge["id"])
    # What the outbox queues as undos, each done first and then undone twice with one key.
    undos = [
        (reader, f"/posts/{idea['id']}/uses", {"note": "Used it"}, 404),
        (reader, f"/answers/{answer['id']}/uses", {"note": "Used it"}, 404),
        (reader, f"/posts/{idea['id']}/helpful", None, 404),
        (reader, f"/answers/{answer['id']}/helpful", None, 404),
        (asker, f"/answers/{answer['id']}/accept", None, 409),
    ]
    for number, (person, path, body, nothing_to_undo) in enumerate(undos):
        done = person.post(path, json=body)
        assert done.status_code in (200, 201), done.get_json()
        headers = {"Idempotency-Key": f"undo-{number}"}
        first = person.delete(path, headers=headers)
        retried = person.delete(path, headers=headers)
        assert first.status_code == retried.status_code == 204, (path, retried.get_json())
        assert retried.headers.get("Idempotent-Replayed") == "true"
        # Without the key, the undo finds nothing left to undo: the retry did not run again.
        assert person.delete(path).status_code == nothing_to_undo
    viewer = reader.get(f"/posts/{idea['id']}").get_json()["viewer"]
    assert viewer["found_helpful"] is False and viewer["used"] is False


@pytest.mark.parametrize("key", ["", "   ", "k" * 256])
def test_unusable_keys_answer_422(api, key):
    assert_error(
        api.person().post("/posts", json=insight(), headers={"Idempotency-Key": key}), 422, mentions="Idempotency-Key"
    )


def test_keys_are_kept_for_seven_days_then_forgotten(api, app):
    from server.common.clock import utcnow

    person = api.person()
    assert person.post("/posts", json=insight(), headers=KEY).status_code == 201
    with app.app_context():
        start = utcnow()
    app.config["QUID_FROZEN_NOW"] = start + timedelta(days=6, hours=23)
    assert person.post("/posts", json=insight(), headers=KEY).headers.get("Idempotent-Replayed") == "true"
    app.config["QUID_FROZEN_NOW"] = start + timedelta(days=7, hours=1)
    fresh = person.post("/posts", json=insight(), headers=KEY)
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh.headers
    assert count_posts(person) == 2
    # `flask prune` deletes what is past retention.
    app.config["QUID_FROZEN_NOW"] = start + timedelta(days=30)
    assert "1 idempotency records" in api.cli("prune")


def test_a_keyed_post_checks_the_token_once_and_still_refuses_a_revoked_one(api, app):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    person = api.person()
    statements = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert person.post("/posts", json=insight(), headers=KEY).status_code == 201
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    # Whose key it is and the view's own guard share one check of the token's session.
    assert sum("token_families" in statement for statement in statements) == 1
    assert api.post("/auth/logout", headers=person.headers).status_code == 204
    assert_error(person.post("/posts", json=insight(), headers=KEY), 401, mentions="revoked")
    assert_error(api.post("/posts", json=insight(), headers=KEY), 401, mentions="Sign in first")


def test_keys_belong_to_their_caller_once_their_tokens_are_known(api):
    ana, bo = api.person(), api.person()
    for person in (ana, bo):
        assert person.get("/me").status_code == 200
    assert ana.post("/posts", json=insight(), headers=KEY).status_code == 201
    response = bo.post("/posts", json=insight(), headers=KEY)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert ana.post("/posts", json=insight(), headers=KEY).headers.get("Idempotent-Replayed") == "true"
    assert count_posts(ana) == count_posts(bo) == 1
