"""Expert routing: who could answer a challenge and why, sparing the overloaded; asking them;
a topic's page; and the topics nobody can answer (leaders)."""

import csv
import io

import pytest

from shared.experts import ASKS_PER_HOUR, HEAVY_OPEN_ASKS
from tests.support.assertions import assert_error


def accepted_answer(asker, expert, *, tags=(), title="How do we price a pilot?", body="The customer asks.") -> dict:
    """A challenge by `asker` that `expert` answered and `asker` accepted; the challenge."""
    challenge = asker.post_item(kind="challenge", title=title, body=body, tags=list(tags))
    answer = expert.answer(challenge["id"])
    assert asker.post(f"/answers/{answer['id']}/accept").status_code == 200
    return challenge


def used_insight(author, users, *, tags=(), title="Pilot pricing that worked") -> dict:
    insight = author.post_item(title=title, tags=list(tags))
    for user in users:
        assert user.post(f"/posts/{insight['id']}/uses", json={"note": "Used it"}).status_code == 201
    return insight


def experts(person, post_id) -> list[dict]:
    response = person.get(f"/posts/{post_id}/experts")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


@pytest.fixture
def firm(api):
    api.tags("pricing", "pilot", "mining")
    return {
        name: api.person(division=division, display_name=name.title())
        for name, division in [
            ("asker", "Field Sales North"),
            ("ines", "Pre-Sales"),
            ("omar", "Pre-Sales"),
            ("pia", "Product"),
            ("raj", "Field Sales South"),
            ("sam", "Field Sales South"),
        ]
    }


def test_people_who_answered_well_on_its_tags_are_suggested_with_the_reason(firm):
    asker, ines, omar, pia = firm["asker"], firm["ines"], firm["omar"], firm["pia"]
    for _ in range(3):
        accepted_answer(asker, ines, tags=["pricing"])
    accepted_answer(asker, omar, tags=["pilot"])
    used_insight(pia, [asker, firm["raj"]], tags=["pricing"])
    challenge = asker.post_item(
        kind="challenge",
        title="A discount for a three-month trial",
        body="Procurement wants a price.",
        tags=["pricing", "pilot"],
    )
    suggested = experts(firm["sam"], challenge["id"])
    assert [item["user"]["id"] for item in suggested] == [ines.id, pia.id, omar.id]
    assert suggested[0]["reason"] == "3 accepted answers on #pricing"
    assert suggested[1]["reasons"] == ["insights on #pricing used by 2 colleagues"]
    assert suggested[2]["reasons"] == ["1 accepted answer on #pilot"]
    assert all(item["open_asks"] == 0 and item["asked"] is False for item in suggested)
    assert firm["sam"].post(f"/posts/{challenge['id']}/experts/{ines.id}/ask").status_code == 201
    after = experts(firm["sam"], challenge["id"])
    assert [(item["asked"], item["open_asks"]) for item in after] == [(True, 1), (False, 0), (False, 0)]
    assert [item["asked"] for item in experts(asker, challenge["id"])] == [False, False, False]


def test_never_the_author_nor_someone_who_already_answered(firm):
    asker, ines, omar = firm["asker"], firm["ines"], firm["omar"]
    accepted_answer(omar, asker, tags=["pricing"])
    accepted_answer(asker, ines, tags=["pricing"])
    challenge = asker.post_item(kind="challenge", title="Pricing for a second site", body="?", tags=["pricing"])
    assert [item["user"]["id"] for item in experts(asker, challenge["id"])] == [ines.id]
    ines.answer(challenge["id"])
    assert experts(asker, challenge["id"]) == []


def test_work_on_similar_challenges_counts_without_shared_tags(firm):
    asker, raj = firm["asker"], firm["raj"]
    accepted_answer(asker, raj, title="Conveyor belt vibration at the quarry", body="The conveyor shakes when loaded.")
    challenge = asker.post_item(
        kind="challenge",
        title="Vibration on a conveyor after maintenance",
        body="Shaking conveyor belt since the service.",
    )
    (suggestion,) = experts(firm["sam"], challenge["id"])
    assert suggestion["user"]["id"] == raj.id
    assert suggestion["reason"] == "1 accepted answer or used insight on similar posts"


def test_someone_carrying_many_open_asks_ranks_lower_and_the_reason_says_so(firm, api):
    asker, ines, omar = firm["asker"], firm["ines"], firm["omar"]
    for _ in range(3):
        accepted_answer(asker, ines, tags=["mining"])
    for _ in range(2):
        accepted_answer(asker, omar, tags=["mining"])
    challenge = asker.post_item(kind="challenge", title="Dust in the crusher", body="?", tags=["mining"])
    assert [item["user"]["id"] for item in experts(asker, challenge["id"])] == [ines.id, omar.id]
    for number in range(HEAVY_OPEN_ASKS):
        other = firm["sam"].post_item(kind="challenge", title=f"Another mining question {number}", body="?")
        assert firm["sam"].post(f"/posts/{other['id']}/experts/{ines.id}/ask").status_code == 201
    suggested = experts(asker, challenge["id"])
    assert [item["user"]["id"] for item in suggested] == [omar.id, ines.id]
    assert suggested[1]["open_asks"] == HEAVY_OPEN_ASKS
    assert suggested[1]["reasons"][-1] == f"already has {HEAVY_OPEN_ASKS} open asks, so ranked lower"


def test_someone_giving_a_large_share_of_the_firms_help_ranks_lower(firm, api):
    asker, ines, omar = firm["asker"], firm["ines"], firm["omar"]
    helpers = [api.person(division="Product") for _ in range(8)]
    used_insight(ines, helpers, title="Our standard checklist")
    for _ in range(2):
        accepted_answer(asker, ines, tags=["mining"])
        accepted_answer(asker, omar, tags=["mining"])
    challenge = asker.post_item(kind="challenge", title="Dust in the crusher", body="?", tags=["mining"])
    # Ines gave 10 of the month's 12 acts of help: her equal evidence counts half.
    suggested = experts(asker, challenge["id"])
    assert [item["user"]["id"] for item in suggested] == [omar.id, ines.id]
    assert suggested[1]["reasons"][-1] == "gave 83% of the firm's help this month, so ranked lower"
    assert len(suggested[0]["reasons"]) == 1


def test_evidence_on_posts_the_viewer_may_not_see_never_counts(firm, api):
    ines, omar, pia = firm["ines"], firm["omar"], firm["pia"]
    colleague = api.person(division="Pre-Sales")
    hidden = colleague.post_item(
        kind="challenge", title="Division-only pricing", body="?", tags=["pricing"], audience="division"
    )
    answer = ines.answer(hidden["id"])
    assert colleague.post(f"/answers/{answer['id']}/accept").status_code == 200
    challenge = firm["asker"].post_item(kind="challenge", title="Pricing for everyone", body="?", tags=["pricing"])
    assert [item["reason"] for item in experts(omar, challenge["id"])] == ["1 accepted answer on #pricing"]
    assert experts(pia, challenge["id"]) == []


def test_asking_notifies_the_expert_once_and_is_limited_per_asker(firm, api):
    asker, ines = firm["asker"], firm["ines"]
    challenge = asker.post_item(kind="challenge", title="Who knows crushers?", body="?", tags=["mining"])
    response = asker.post(f"/posts/{challenge['id']}/experts/{ines.id}/ask")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["expert"]["id"] == ines.id
    (notification,) = ines.get("/notifications").get_json()["items"]
    assert notification["kind"] == "expert_asked" and notification["post_id"] == challenge["id"]
    assert "Who knows crushers?" in notification["message"]
    assert_error(asker.post(f"/posts/{challenge['id']}/experts/{ines.id}/ask"), 409, mentions="already")
    assert_error(asker.post(f"/posts/{challenge['id']}/experts/{asker.id}/ask"), 409, mentions="yourself")
    assert_error(ines.post(f"/posts/{challenge['id']}/experts/{asker.id}/ask"), 409, mentions="wrote")
    assert_error(asker.post(f"/posts/{challenge['id']}/experts/987654/ask"), 404)
    insight = asker.post_item(title="An insight is no question")
    assert_error(asker.post(f"/posts/{insight['id']}/experts/{ines.id}/ask"), 409, mentions="challenge")
    people = [api.person(division="Product") for _ in range(ASKS_PER_HOUR)]
    for person in people[: ASKS_PER_HOUR - 1]:
        assert asker.post(f"/posts/{challenge['id']}/experts/{person.id}/ask").status_code == 201
    refused = asker.post(f"/posts/{challenge['id']}/experts/{people[-1].id}/ask")
    assert_error(refused, 429, mentions=str(ASKS_PER_HOUR))
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600


def test_an_expert_who_cannot_see_the_challenge_is_not_asked(firm):
    asker, pia = firm["asker"], firm["pia"]
    division_only = asker.post_item(kind="challenge", title="Only for my division", body="?", audience="division")
    assert_error(asker.post(f"/posts/{division_only['id']}/experts/{pia.id}/ask"), 409, mentions="cannot see")
    assert pia.get("/notifications").get_json()["items"] == []


def test_a_topic_page_shows_its_experts_open_challenges_and_most_used_insights(firm, api):
    asker, ines, pia = firm["asker"], firm["ines"], firm["pia"]
    accepted_answer(asker, ines, tags=["pricing"])
    popular = used_insight(pia, [asker, firm["raj"]], tags=["pricing"], title="Popular pricing insight")
    quiet = pia.post_item(title="Quiet pricing insight", tags=["pricing"])
    open_one = asker.post_item(kind="challenge", title="Still open on pricing", body="?", tags=["pricing"])
    asker.post_item(kind="challenge", title="Open but another topic", body="?", tags=["mining"])
    page = firm["sam"].get("/tags/pricing").get_json()
    assert page["name"] == "pricing"
    assert [item["user"]["id"] for item in page["experts"]] == [pia.id, ines.id]  # 2 uses weigh more than 1 accept
    assert [post["id"] for post in page["open_challenges"]] == [open_one["id"]]
    assert [post["id"] for post in page["best_insights"]] == [popular["id"], quiet["id"]]
    assert_error(firm["sam"].get("/tags/no-such-tag"), 404)
    assert firm["sam"].get("/tags/Not%20A%20Tag").status_code == 404


def test_a_tag_born_on_a_post_the_viewer_may_not_see_has_no_page_for_them(firm, api):
    author = api.person(division="Field Sales North", level=3)
    author.post_item(title="Division-only topic", tags=["zebra-project"], audience="division")
    assert author.get("/tags/zebra-project").status_code == 200
    assert_error(firm["pia"].get("/tags/zebra-project"), 404)


def test_leaders_see_topics_with_unsolved_challenges_and_nobody_who_knows_them(firm, api):
    asker, ines = firm["asker"], firm["ines"]
    accepted_answer(asker, ines, tags=["pricing"])
    asker.post_item(kind="challenge", title="Open pricing question", body="?", tags=["pricing"])
    asker.post_item(kind="challenge", title="Open mining question", body="?", tags=["mining"])
    asker.post_item(kind="challenge", title="Another mining one", body="?", tags=["mining", "pilot"])
    leader = api.person(division="Product", role="leader")
    gaps = leader.get("/analytics/expertise-gaps").get_json()["items"]
    assert gaps == [{"tag": "mining", "unsolved_challenges": 2}, {"tag": "pilot", "unsolved_challenges": 1}]
    exported = leader.get("/analytics/expertise-gaps", query={"format": "csv"})
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")))) == [
        ["tag", "unsolved_challenges"],
        ["mining", "2"],
        ["pilot", "1"],
    ]
    assert_error(asker.get("/analytics/expertise-gaps"), 403)
