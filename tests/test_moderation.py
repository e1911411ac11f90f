"""Moderation: anyone who sees a post or an answer flags it; admins work a queue and hide,
restore or dismiss; hidden content leaves every read path for all but its author and admins;
flaggers see the outcome; every decision is in the audit log."""

import pytest

from tests.support.assertions import assert_error

SECRET_WORD = "quokkapricing"


def flag(person, path, reason="confidential", note=None, **kwargs):
    body = {"reason": reason} if note is None else {"reason": reason, "note": note}
    return person.post(f"{path}/flag", json=body, **kwargs)


def feed_ids(person, **query) -> list[int]:
    response = person.get("/posts", query=query)
    assert response.status_code == 200, response.get_json()
    return [post["id"] for post in response.get_json()["items"]]


def search_ids(person, q=SECRET_WORD) -> list[tuple[str, int]]:
    response = person.get("/search", query={"q": q})
    assert response.status_code == 200, response.get_json()
    return [
        (item["type"], item["answer"]["id"] if item["answer"] else item["post"]["id"])
        for item in response.get_json()["items"]
    ]


def queue(admin, **query) -> list[dict]:
    response = admin.get("/admin/flags", query=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def audit_actions(admin, object_type, object_id) -> list[dict]:
    response = admin.get("/admin/audit", query={"object_type": object_type, "object_id": object_id})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


@pytest.fixture
def office(api):
    api.tags("pricing")
    people = {
        name: api.person(division=division, display_name=name.title())
        for name, division in [
            ("author", "Field Sales North"),
            ("flagger", "Pre-Sales"),
            ("other", "Pre-Sales"),
            ("user", "Product"),
        ]
    }
    people["admin"] = api.admin()
    people["leader"] = api.person(division="Operations", role="leader", display_name="Leader")
    return people


def test_a_flag_is_created_once_and_its_flagger_sees_it_open(office):
    insight = office["author"].post_item(title="Pricing sheet for Acme", tags=["pricing"])
    response = flag(office["flagger"], f"/posts/{insight['id']}", note="It names Acme's discount.")
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["reason"], created["note"], created["state"], created["resolved_at"]) == (
        "confidential",
        "It names Acme's discount.",
        "open",
        None,
    )
    assert created["item"] == {
        "type": "post",
        "post_id": insight["id"],
        "answer_id": None,
        "title": "Pricing sheet for Acme",
    }
    assert_error(flag(office["flagger"], f"/posts/{insight['id']}", reason="spam"), 409, mentions="already flagged")
    mine = office["flagger"].get("/me/flags").get_json()["items"]
    assert [item["id"] for item in mine] == [created["id"]]
    assert office["other"].get("/me/flags").get_json()["items"] == []


def test_authors_may_not_flag_their_own_work_and_nobody_flags_what_they_cannot_see(office, api):
    author, flagger = office["author"], office["flagger"]
    challenge = author.post_item(kind="challenge", title="How do we price the pilot?")
    answer = flagger.answer(challenge["id"])
    assert_error(flag(author, f"/posts/{challenge['id']}"), 403, mentions="own post")
    assert_error(flag(flagger, f"/answers/{answer['id']}"), 403, mentions="own answer")
    division_only = author.post_item(title="Division notes", audience="division")
    assert_error(flag(flagger, f"/posts/{division_only['id']}"), 404)
    assert_error(flag(flagger, "/posts/987654"), 404)
    assert_error(api.post(f"/posts/{challenge['id']}/flag", json={"reason": "spam"}), 401)
    assert flag(author, f"/answers/{answer['id']}", reason="wrong").status_code == 201


def test_the_idempotency_key_replays_a_flag_instead_of_refusing_a_repeat(office):
    insight = office["author"].post_item(title="Replayed flag")
    headers = {"Idempotency-Key": "flag-once-1"}
    first = flag(office["flagger"], f"/posts/{insight['id']}", headers=headers)
    again = flag(office["flagger"], f"/posts/{insight['id']}", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"reason": "boring"}, "reason"),
        ({}, "reason"),
        ({"reason": "other"}, "note"),
        ({"reason": "other", "note": "   "}, "note"),
        ({"reason": "spam", "note": "x" * 1001}, "note"),
        ({"reason": "spam\u0000"}, "reason"),
        ({"reason": "spam", "note": "bad\u0000note"}, "note"),
        ({"reason": "spam", "extra": 1}, "extra"),
    ],
)
def test_a_bad_flag_is_refused_naming_the_field(office, body, field):
    insight = office["author"].post_item(title="Flag me badly")
    response = office["flagger"].post(f"/posts/{insight['id']}/flag", json=body)
    error = assert_error(response, 422)
    assert field in str(error["errors"]), error


def test_the_queue_groups_flags_by_content_oldest_first_and_pages_without_gaps(office, api):
    author = office["author"]
    first = author.post_item(title="First flagged insight", body="A" * 400)
    challenge = author.post_item(kind="challenge", title="A flagged challenge")
    answer = office["other"].answer(challenge["id"], body="Call the customer's CFO at home.")
    second = author.post_item(title="Second flagged insight")
    assert flag(office["flagger"], f"/posts/{first['id']}", reason="spam").status_code == 201
    assert flag(office["flagger"], f"/answers/{answer['id']}", reason="offensive").status_code == 201
    assert flag(office["user"], f"/posts/{first['id']}", reason="other", note="Looks like an ad").status_code == 201
    assert flag(office["user"], f"/posts/{second['id']}", reason="spam").status_code == 201
    assert flag(office["leader"], f"/posts/{first['id']}", reason="spam").status_code == 201
    items = queue(office["admin"])
    assert [(item["content"]["type"], item["content"]["post_id"], item["content"]["answer_id"]) for item in items] == [
        ("post", first["id"], None),
        ("answer", challenge["id"], answer["id"]),
        ("post", second["id"], None),
    ]
    top = items[0]
    assert top["flag_count"] == 3
    assert top["reasons"] == [{"reason": "spam", "count": 2}, {"reason": "other", "count": 1}]
    assert top["content"]["title"] == "First flagged insight"
    assert top["content"]["author"]["id"] == author.id and len(top["content"]["excerpt"]) <= 280
    assert [flag_["flagger"]["id"] for flag_ in top["flags"]] == [
        office["flagger"].id,
        office["user"].id,
        office["leader"].id,
    ]
    assert items[1]["content"]["excerpt"] == "Call the customer's CFO at home."
    pages, cursor = [], None
    while True:
        response = office["admin"].get("/admin/flags", query={"limit": 1, **({"cursor": cursor} if cursor else {})})
        body = response.get_json()
        pages.extend(item["content"]["post_id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == [first["id"], challenge["id"], second["id"]]
    assert queue(office["admin"], state="dismissed") == []
    for person in (office["flagger"], office["leader"]):
        assert_error(person.get("/admin/flags"), 403, mentions="admin")
    assert_error(office["admin"].get("/admin/flags", query={"state": "closed"}), 422)


def test_a_hidden_post_leaves_every_read_path_for_others_and_its_author_sees_it_marked(office):
    author, flagger, other, admin, leader = (office[name] for name in ("author", "flagger", "other", "admin", "leader"))
    insight = author.post_item(title=f"Acme price list {SECRET_WORD}", tags=["pricing"])
    challenge = author.post_item(kind="challenge", title=f"Pricing question {SECRET_WORD}", tags=["pricing"])
    answer = other.answer(challenge["id"], body=f"Use the {SECRET_WORD} sheet.")
    assert flagger.post(f"/answers/{answer['id']}/uses", json={"note": "Used it"}).status_code == 201
    assert office["user"].post(f"/posts/{insight['id']}/uses", json={"note": "Used it"}).status_code == 201
    assert author.post(f"/answers/{answer['id']}/accept").status_code == 200
    flows_before = leader.get("/analytics/flows").get_json()["totals"]
    assert flag(flagger, f"/posts/{challenge['id']}").status_code == 201

    response = admin.post(f"/admin/posts/{challenge['id']}/hide", json={"note": "Names a customer's prices."})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["hidden_reason"] == "Names a customer's prices."

    for person in (flagger, other, leader):
        assert challenge["id"] not in feed_ids(person)
        assert_error(person.get(f"/posts/{challenge['id']}"), 404)
        assert_error(person.get(f"/posts/{challenge['id']}/answers"), 404)
        assert_error(person.get(f"/answers/{answer['id']}"), 404)
        assert search_ids(person) == [("post", insight["id"])]
        page = person.get("/tags/pricing").get_json()
        assert challenge["id"] not in [post["id"] for post in page["open_challenges"]]
        assert other.id not in [expert["user"]["id"] for expert in page["experts"]]
    # Hidden work is no evidence of expertise, not even in its author's or an admin's eyes.
    for person in (author, admin):
        assert other.id not in [expert["user"]["id"] for expert in person.get("/tags/pricing").get_json()["experts"]]
    # Acts on it leave the analytics: the use of the answer and its acceptance.
    flows_after = leader.get("/analytics/flows").get_json()["totals"]
    assert (
        flows_before["uses"] - flows_after["uses"],
        flows_before["accepted_answers"] - flows_after["accepted_answers"],
    ) == (1, 1)
    # The author sees it marked, with the reason; admins see it too; search finds it for nobody.
    mine = author.get(f"/posts/{challenge['id']}").get_json()
    assert mine["hidden_at"] is not None and mine["hidden_reason"] == "Names a customer's prices."
    assert challenge["id"] in feed_ids(author) and challenge["id"] in feed_ids(admin)
    assert admin.get(f"/posts/{challenge['id']}").get_json()["hidden_at"] is not None
    assert search_ids(author) == search_ids(admin) == [("post", insight["id"])]
    # The answer's author keeps their reputation for it, explained without the hidden title;
    # the post's author still reads it with the title; others do not read about it at all.
    own_history = other.get(f"/users/{other.id}/reputation").get_json()["items"]
    about_it = [entry for entry in own_history if entry["event"] == "answer_accepted"]
    assert about_it and all(entry["post"] is None and entry["points"] > 0 for entry in about_it)
    assert "Pricing question" not in other.get(f"/users/{other.id}/reputation").get_data(as_text=True)
    assert "Pricing question" not in flagger.get(f"/users/{other.id}/reputation").get_data(as_text=True)
    assert "Pricing question" in admin.get(f"/users/{other.id}/reputation").get_data(as_text=True)


def test_restoring_a_post_brings_it_back_everywhere(office):
    author, flagger, admin = office["author"], office["flagger"], office["admin"]
    challenge = author.post_item(kind="challenge", title=f"Restored {SECRET_WORD}")
    answer = office["other"].answer(challenge["id"], body=f"An answer about {SECRET_WORD}.")
    assert admin.post(f"/admin/posts/{challenge['id']}/hide", json={"note": "Checking"}).status_code == 200
    assert_error(admin.post(f"/admin/posts/{challenge['id']}/hide", json={"note": "Again"}), 409, mentions="already")
    # An edit by its author while hidden does not put it back in the index.
    assert author.patch(f"/posts/{challenge['id']}", json={"body": f"Edited {SECRET_WORD}"}).status_code == 200
    assert search_ids(admin) == []
    response = admin.post(f"/admin/posts/{challenge['id']}/restore", json={"note": "It was fine"})
    assert response.status_code == 200 and response.get_json()["hidden_at"] is None
    assert_error(admin.post(f"/admin/posts/{challenge['id']}/restore"), 409, mentions="not hidden")
    assert challenge["id"] in feed_ids(flagger)
    assert flagger.get(f"/posts/{challenge['id']}").get_json()["hidden_reason"] is None
    assert sorted(search_ids(flagger)) == [("answer", answer["id"]), ("post", challenge["id"])]
    actions = [entry["action"] for entry in audit_actions(admin, "post", challenge["id"])]
    assert actions[:2] == ["post.restored", "post.hidden"]


def test_hiding_an_answer_hides_it_alone_and_its_author_still_sees_it(office):
    author, other, flagger, admin = office["author"], office["other"], office["flagger"], office["admin"]
    challenge = author.post_item(kind="challenge", title="Which discount?")
    kept = flagger.answer(challenge["id"], body="Ten percent.")
    hidden = other.answer(challenge["id"], body=f"Ask {SECRET_WORD} for their contract.")
    assert flag(flagger, f"/answers/{hidden['id']}", reason="confidential").status_code == 201
    assert admin.post(f"/admin/answers/{hidden['id']}/hide", json={"note": "Customer contract"}).status_code == 200

    def answer_ids(person):
        return [item["id"] for item in person.get(f"/posts/{challenge['id']}/answers").get_json()["items"]]

    assert answer_ids(author) == [kept["id"]]
    assert author.get(f"/posts/{challenge['id']}").get_json()["answer_count"] == 1
    assert answer_ids(other) == answer_ids(admin) == [kept["id"], hidden["id"]]
    assert other.get(f"/answers/{hidden['id']}").get_json()["hidden_reason"] == "Customer contract"
    assert_error(author.get(f"/answers/{hidden['id']}"), 404)
    assert_error(author.post(f"/answers/{hidden['id']}/uses", json={"note": "Used"}), 404)
    assert search_ids(author) == search_ids(admin) == []
    assert challenge["id"] in feed_ids(flagger)
    assert admin.post(f"/admin/answers/{hidden['id']}/restore").status_code == 200
    assert answer_ids(author) == [kept["id"], hidden["id"]]
    assert search_ids(author) == [("answer", hidden["id"])]
    actions = [entry["action"] for entry in audit_actions(admin, "answer", hidden["id"])]
    assert actions[:2] == ["answer.restored", "answer.hidden"]


def test_flaggers_see_the_outcome_and_are_notified(office):
    author, flagger, user, admin = office["author"], office["flagger"], office["user"], office["admin"]
    hidden = author.post_item(title="Upheld post")
    kept = author.post_item(title="Dismissed post")
    for person in (flagger, user):
        assert flag(person, f"/posts/{hidden['id']}", reason="spam").status_code == 201
    assert flag(flagger, f"/posts/{kept['id']}", reason="wrong").status_code == 201
    assert admin.post(f"/admin/posts/{hidden['id']}/hide", json={"note": "Spam"}).status_code == 200
    response = admin.post(f"/admin/posts/{kept['id']}/flags/dismiss", json={"note": "Accurate"})
    assert response.status_code == 200 and response.get_json() == {"dismissed": 1}
    assert_error(admin.post(f"/admin/posts/{kept['id']}/flags/dismiss"), 409, mentions="no open flags")

    mine = {item["item"]["post_id"]: item for item in flagger.get("/me/flags").get_json()["items"]}
    assert mine[hidden["id"]]["state"] == "upheld" and mine[hidden["id"]]["resolved_at"] is not None
    assert mine[hidden["id"]]["item"]["title"] is None  # they may no longer see it
    assert (mine[kept["id"]]["state"], mine[kept["id"]]["item"]["title"]) == ("dismissed", "Dismissed post")
    notes = [item for item in flagger.get("/notifications").get_json()["items"] if item["kind"] == "flag_resolved"]
    assert [note["message"] for note in notes] == [
        "Your flag on the post \u201cDismissed post\u201d was dismissed: an admin found nothing to hide.",
        "Your flag on the post \u201cUpheld post\u201d was upheld: it is hidden.",
    ]
    assert notes[1]["post_id"] is None  # the link goes nowhere they may not go
    assert (
        len([item for item in user.get("/notifications").get_json()["items"] if item["kind"] == "flag_resolved"]) == 1
    )
    assert queue(admin) == []
    upheld = queue(admin, state="upheld")
    assert [(item["content"]["post_id"], item["flag_count"]) for item in upheld] == [(hidden["id"], 2)]
    assert upheld[0]["content"]["hidden_reason"] == "Spam"
    dismissal = audit_actions(admin, "post", kept["id"])[0]
    assert dismissal["action"] == "flags.dismissed"
    assert dismissal["summary"] == "The Admin dismissed 1 flag on the post \u201cDismissed post\u201d: Accurate"
    hiding = audit_actions(admin, "post", hidden["id"])[0]
    assert (hiding["after"], hiding["summary"]) == (
        {"note": "Spam"},
        "The Admin hid the post \u201cUpheld post\u201d: Spam",
    )
    # Content already hidden takes no new flags, even from an admin who still sees it.
    assert_error(flag(admin, f"/posts/{hidden['id']}", reason="spam"), 409, mentions="already hidden")
    # A flag dismissed may be raised again.
    assert flag(flagger, f"/posts/{kept['id']}", reason="wrong").status_code == 201


def test_only_admins_decide_and_a_missing_or_deleted_item_is_404(office):
    author, flagger, admin, leader = office["author"], office["flagger"], office["admin"], office["leader"]
    post = author.post_item(title="Decided by admins only")
    challenge = author.post_item(kind="challenge", title="With an answer")
    answer = flagger.answer(challenge["id"])
    for person in (author, flagger, leader):
        for path, body in (
            (f"/admin/posts/{post['id']}/hide", {"note": "No"}),
            (f"/admin/posts/{post['id']}/restore", None),
            (f"/admin/posts/{post['id']}/flags/dismiss", None),
            (f"/admin/answers/{answer['id']}/hide", {"note": "No"}),
            (f"/admin/answers/{answer['id']}/restore", None),
            (f"/admin/answers/{answer['id']}/flags/dismiss", None),
        ):
            assert_error(person.post(path, json=body), 403, mentions="admin")
    assert_error(admin.post("/admin/posts/987654/hide", json={"note": "Gone"}), 404)
    assert_error(admin.post("/admin/answers/987654/hide", json={"note": "Gone"}), 404)
    error = assert_error(admin.post(f"/admin/posts/{post['id']}/hide", json={}), 422)
    assert "note" in str(error["errors"])
    assert_error(admin.post(f"/admin/posts/{post['id']}/hide", json={"note": "x" * 1001}), 422)
    # A post its author deleted cannot be hidden, but the flags raised before are dismissed.
    assert flag(flagger, f"/posts/{post['id']}", reason="spam").status_code == 201
    assert author.delete(f"/posts/{post['id']}").status_code == 204
    assert queue(admin)[0]["content"]["deleted"] is True
    assert_error(admin.post(f"/admin/posts/{post['id']}/hide", json={"note": "Late"}), 404)
    assert admin.post(f"/admin/posts/{post['id']}/flags/dismiss").get_json() == {"dismissed": 1}


def test_links_to_hidden_content_go_nowhere_and_hidden_challenges_leave_the_expertise_gaps(office, api):
    author, other, admin, leader = office["author"], office["other"], office["admin"], office["leader"]
    api.tags("mining")
    challenge = author.post_item(kind="challenge", title="Who knows mining?", tags=["mining"])
    assert leader.get("/analytics/expertise-gaps").get_json()["items"] == [{"tag": "mining", "unsolved_challenges": 1}]
    answer = other.answer(challenge["id"], body="Not me, but here is a guess.")
    note = next(
        item for item in author.get("/notifications").get_json()["items"] if item["kind"] == "answer_on_my_challenge"
    )
    assert note["answer_id"] == answer["id"]
    assert admin.post(f"/admin/answers/{answer['id']}/hide", json={"note": "Off topic"}).status_code == 200
    note = next(
        item for item in author.get("/notifications").get_json()["items"] if item["kind"] == "answer_on_my_challenge"
    )
    assert (note["post_id"], note["answer_id"]) == (challenge["id"], None)
    assert admin.post(f"/admin/posts/{challenge['id']}/hide", json={"note": "Duplicate of a thread"}).status_code == 200
    assert leader.get("/analytics/expertise-gaps").get_json()["items"] == []
