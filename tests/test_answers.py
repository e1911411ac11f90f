"""Answers and acceptance: the asker closes the loop."""

from tests.support.assertions import assert_error


def test_answering_moves_a_challenge_to_answered(api):
    asker = api.person()
    expert = api.person(division="Pre-Sales")
    post = asker.post_item(kind="challenge")
    answer = expert.answer(post["id"], "Use the edge bundle; it halves the price.")
    assert answer["post_id"] == post["id"] and answer["accepted"] is False
    assert answer["author"]["id"] == expert.id
    shown = asker.get(f"/posts/{post['id']}").get_json()
    assert shown["status"] == "answered" and shown["answer_count"] == 1
    listed = asker.get(f"/posts/{post['id']}/answers").get_json()
    assert [item["id"] for item in listed["items"]] == [answer["id"]]


def test_answers_list_oldest_first_in_pages(api):
    asker = api.person()
    post = asker.post_item(kind="challenge")
    answers = [api.person().answer(post["id"], f"Answer {n}")["id"] for n in range(5)]
    first = asker.get(f"/posts/{post['id']}/answers", query={"limit": 3}).get_json()
    second = asker.get(f"/posts/{post['id']}/answers", query={"limit": 3, "cursor": first["next_cursor"]}).get_json()
    assert [item["id"] for item in first["items"] + second["items"]] == answers
    assert second["next_cursor"] is None


def test_an_insight_takes_no_answers(api):
    post = api.person().post_item(kind="insight")
    assert_error(api.person().post(f"/posts/{post['id']}/answers", json={"body": "hi"}), 409)


def test_answer_validation(api):
    post = api.person().post_item(kind="challenge")
    person = api.person()
    assert_error(person.post(f"/posts/{post['id']}/answers", json={"body": ""}), 422, mentions="body")
    assert_error(person.post(f"/posts/{post['id']}/answers", json={}), 422, mentions="body")
    assert_error(
        person.post(f"/posts/{post['id']}/answers", json={"body": "x", "accepted": True}), 422, mentions="accepted"
    )
    assert_error(person.post("/posts/999/answers", json={"body": "x"}), 404)


def test_accepting_solves_and_only_the_asker_may(api):
    asker = api.person()
    first = api.person()
    second = api.person()
    post = asker.post_item(kind="challenge")
    answer_one = first.answer(post["id"])
    answer_two = second.answer(post["id"])
    assert_error(first.post(f"/answers/{answer_one['id']}/accept"), 403, mentions="asked")
    accepted = asker.post(f"/answers/{answer_one['id']}/accept")
    assert accepted.status_code == 200 and accepted.get_json()["accepted"] is True
    shown = asker.get(f"/posts/{post['id']}").get_json()
    assert shown["status"] == "solved" and shown["accepted_answer_id"] == answer_one["id"]
    assert_error(asker.post(f"/answers/{answer_one['id']}/accept"), 409, mentions="already accepted")

    # Accepting another answer moves the acceptance.
    assert asker.post(f"/answers/{answer_two['id']}/accept").status_code == 200
    assert asker.get(f"/answers/{answer_one['id']}").get_json()["accepted"] is False
    assert asker.get(f"/posts/{post['id']}").get_json()["accepted_answer_id"] == answer_two["id"]

    assert asker.delete(f"/answers/{answer_two['id']}/accept").status_code == 204
    shown = asker.get(f"/posts/{post['id']}").get_json()
    assert shown["status"] == "answered" and shown["accepted_answer_id"] is None
    assert_error(asker.delete(f"/answers/{answer_two['id']}/accept"), 409, mentions="not accepted")


def test_editing_and_deleting_answers(api):
    asker = api.person()
    expert = api.person()
    post = asker.post_item(kind="challenge")
    answer = expert.answer(post["id"])
    edited = expert.patch(f"/answers/{answer['id']}", json={"body": "Better answer"})
    assert edited.status_code == 200 and edited.get_json()["body"] == "Better answer"
    assert_error(asker.patch(f"/answers/{answer['id']}", json={"body": "Not yours"}), 403)
    asker.post(f"/answers/{answer['id']}/accept")
    assert expert.delete(f"/answers/{answer['id']}").status_code == 204
    assert expert.get(f"/answers/{answer['id']}").status_code == 404
    shown = asker.get(f"/posts/{post['id']}").get_json()
    assert shown["status"] == "open" and shown["answer_count"] == 0


def test_a_closed_challenge_keeps_its_acceptance_fixed(api):
    asker = api.person()
    expert = api.person()
    post = asker.post_item(kind="challenge")
    answer = expert.answer(post["id"])
    asker.patch(f"/posts/{post['id']}", json={"status": "closed"})
    assert_error(asker.post(f"/answers/{answer['id']}/accept"), 409, mentions="closed")
