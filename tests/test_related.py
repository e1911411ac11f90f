"""Related content: composing a challenge shows what may already answer it; an insight shows
the open challenges it may answer, and its author links it as an answer in one step."""

import pytest

from tests.support.assertions import assert_error


def related_ids(person, **draft) -> list[int]:
    response = person.get("/posts/related", query=draft)
    assert response.status_code == 200, response.get_json()
    return [post["id"] for post in response.get_json()["items"]]


@pytest.fixture
def people(api):
    return api.person(), api.person(division="Pre-Sales"), api.person(division="Product")


def test_a_challenge_being_written_is_shown_insights_and_solved_challenges_like_it(people):
    ana, bo, cy = people
    insight = bo.post_item(
        title="Conveyor vibration fixed by balancing the rollers", body="Balance the rollers when the conveyor shakes."
    )
    solved = cy.post_item(kind="challenge", title="Why does our conveyor vibrate?", body="Shaking under load.")
    answer = bo.answer(solved["id"])
    assert cy.post(f"/answers/{answer['id']}/accept").status_code == 200
    bo.post_item(kind="challenge", title="Conveyor vibration again, unsolved", body="Still shaking.")
    bo.post_item(title="Lunch menu", body="Nothing about machines.")
    found = related_ids(ana, kind="challenge", title="Conveyor vibrates", body="The conveyor shakes at the quarry.")
    assert set(found) == {insight["id"], solved["id"]}


def test_likeness_ranks_only_the_newest_posts_sharing_a_word(app, people, monkeypatch):
    ana, bo, cy = people
    best = bo.post_item(title="Conveyor belt tension on the packaging line", body="Tension the conveyor belt.")
    newer = [
        cy.post_item(title=f"Packaging supplier note {number}", body="About packaging cartons.") for number in range(3)
    ]
    draft = {"kind": "challenge", "title": "Conveyor belt tension", "body": "Packaging line conveyor belt."}
    # Among every post sharing a word, the one sharing most comes first.
    assert related_ids(ana, **draft)[0] == best["id"]
    # With room for the three newest only, the older one is not a candidate: ranking stays
    # bounded however much the firm has written (QUID_LIKENESS_CANDIDATES).
    monkeypatch.setitem(app.config, "LIKENESS_CANDIDATES", 3)
    assert set(related_ids(ana, **draft)) == {post["id"] for post in newer}


def test_the_window_of_newest_posts_holds_only_what_the_viewer_may_see(app, people, monkeypatch):
    ana, bo, cy = people
    best = bo.post_item(title="Conveyor belt tension on the packaging line", body="Tension the conveyor belt.")
    for number in range(3):  # newer, sharing a word, but for Product's eyes only
        cy.post_item(title=f"Packaging plan {number}", body="Packaging cartons.", audience="division")
    monkeypatch.setitem(app.config, "LIKENESS_CANDIDATES", 3)
    draft = {"kind": "challenge", "title": "Conveyor belt tension", "body": "Packaging line conveyor belt."}
    # Posts Ana may not see take no place in her window, so they neither push hers out nor
    # tell her, by what goes missing, that they exist.
    assert related_ids(ana, **draft) == [best["id"]]
    assert len(related_ids(cy, **draft)) == 3


def test_an_insight_is_shown_the_open_challenges_it_may_answer(people):
    ana, bo, cy = people
    open_one = cy.post_item(kind="challenge", title="Customer asks about roller balancing", body="Conveyor shakes.")
    answered = cy.post_item(kind="challenge", title="Roller balancing tools?", body="Which tools?")
    ana.answer(answered["id"])
    insight = bo.post_item(title="Balancing rollers stops conveyor vibration", body="How we balanced them.")
    # Unsolved challenges only: answered but not accepted counts as unsolved.
    assert set(related_ids(bo, kind="insight", title="Balancing rollers", body="conveyor")) == {
        open_one["id"],
        answered["id"],
    }
    after = bo.get(f"/posts/{insight['id']}/related").get_json()["items"]
    assert {post["id"] for post in after} == {open_one["id"], answered["id"]}


def test_its_author_links_an_insight_as_an_answer_in_one_step(people):
    ana, bo, cy = people
    challenge = cy.post_item(kind="challenge", title="Customer asks about roller balancing", body="Conveyor shakes.")
    insight = bo.post_item(title="Balancing rollers stops conveyor vibration", body="How we balanced them.")
    response = bo.post(f"/posts/{challenge['id']}/answers", json={"insight_id": insight["id"]})
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["insight"] == {"id": insight["id"], "title": insight["title"]}
    assert insight["title"] in answer["body"]
    assert cy.get(f"/posts/{challenge['id']}").get_json()["status"] == "answered"
    assert bo.get(f"/posts/{insight['id']}/related").get_json()["items"] == []  # it answers that one already
    assert_error(
        bo.post(f"/posts/{challenge['id']}/answers", json={"insight_id": insight["id"]}), 409, mentions="already"
    )
    with_words = bo.post(
        f"/posts/{challenge['id']}/answers", json={"body": "See also this.", "insight_id": insight["id"]}
    )
    assert with_words.status_code == 409


def test_only_ones_own_insight_can_be_linked(people, api):
    ana, bo, cy = people
    challenge = cy.post_item(kind="challenge", title="Customer asks about rollers", body="?")
    others = ana.post_item(title="Ana's insight on rollers")
    own_challenge = bo.post_item(kind="challenge", title="Bo's own question on rollers", body="?")
    for insight_id in (others["id"], own_challenge["id"], 987654):
        assert_error(
            bo.post(f"/posts/{challenge['id']}/answers", json={"insight_id": insight_id}), 422, mentions="insight_id"
        )
    assert_error(bo.post(f"/posts/{challenge['id']}/answers", json={}), 422, mentions="body")


def test_a_linked_insight_the_reader_may_not_see_is_not_named(people, api):
    ana, bo, cy = people
    colleague = api.person(division="Pre-Sales")
    challenge = ana.post_item(kind="challenge", title="A firm-wide question about rollers", body="?")
    hidden = bo.post_item(title="Pre-Sales only: roller secrets", body="Only for us.", audience="division")
    answer = bo.post(
        f"/posts/{challenge['id']}/answers",
        json={"body": "We have a division note on this.", "insight_id": hidden["id"]},
    ).get_json()
    assert colleague.get(f"/answers/{answer['id']}").get_json()["insight"]["id"] == hidden["id"]
    seen_by_outsider = cy.get(f"/answers/{answer['id']}").get_json()
    assert seen_by_outsider["insight"] is None
    assert "roller secrets" not in str(seen_by_outsider)


def test_related_content_never_shows_what_the_caller_may_not_see(people):
    ana, bo, cy = people
    bo.post_item(title="Pre-Sales only: conveyor vibration", body="Balance the rollers.", audience="division")
    assert related_ids(cy, kind="challenge", title="Conveyor vibration", body="") == []
    assert related_ids(bo, kind="challenge", title="Conveyor vibration", body="") != []


@pytest.mark.parametrize(
    "draft, field",
    [
        ({"title": "x"}, "kind"),
        ({"kind": "story", "title": "x"}, "kind"),
        ({"kind": "challenge", "body": "x" * 2001}, "body"),
        ({"kind": "insight", "title": "a\x00b"}, "title"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_field(people, draft, field):
    assert_error(people[0].get("/posts/related", query=draft), 422, mentions=field)


def test_a_draft_without_telling_words_finds_nothing(people):
    people[1].post_item(title="Anything at all", body="Words.")
    assert related_ids(people[0], kind="challenge", title="", body="") == []
    assert related_ids(people[0], kind="challenge", title="a b c", body="?!") == []
