"""Insights that stay fresh: the verification interval (the default, a tag's, the shortest of
an insight's tags), verifying, updating, retiring with its history kept, colleagues saying it
is out of date, the sweep asking the author once, and search ranking what may be out of date
lower; on SQLite and PostgreSQL, through HTTP, with the server's clock moved."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.freshness import DEFAULT_VERIFICATION_DAYS, MAX_VERIFICATION_DAYS
from tests.support.assertions import assert_error

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def day(number: int) -> datetime:
    return T0 + timedelta(days=number)


def freshness(person, post_id) -> dict:
    response = person.get(f"/posts/{post_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["freshness"]


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()


def sweep(api) -> str:
    """The freshness step's line of the sweep's report."""
    return api.cli("sweep").splitlines()[-1].strip()


def notifications(person, kind) -> list[dict]:
    return [item for item in person.get("/notifications").get_json()["items"] if item["kind"] == kind]


@pytest.fixture
def firm(api):
    api.tags("pricing", "pilot", "mining")
    return {
        name: api.person(division=division, display_name=name.title())
        for name, division in [
            ("ana", "Field Sales North"),
            ("ben", "Pre-Sales"),
            ("cat", "Product"),
            ("dan", "Pre-Sales"),
        ]
    }


def test_an_insight_may_be_out_of_date_after_the_default_ninety_days_and_a_challenge_has_no_freshness(api, firm):
    ana, ben = firm["ana"], firm["ben"]
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
        challenge = ana.post_item(kind="challenge", title="Who knows the mining buyers?")
    assert challenge["freshness"] is None
    assert insight["freshness"] == {
        "verified_at": "2026-03-02T09:00:00+00:00",
        "may_be_out_of_date": False,
        "reason": None,
        "retired_at": None,
        "outdated_reports": 0,
    }
    with api.clock_at(day(DEFAULT_VERIFICATION_DAYS) - timedelta(seconds=1)):
        assert freshness(ben, insight["id"])["may_be_out_of_date"] is False
    with api.clock_at(day(120)):
        later = freshness(ben, insight["id"])
    assert later["may_be_out_of_date"] is True
    assert later["reason"] == "not verified for 120 days"


def test_a_tags_interval_set_by_an_admin_dates_its_insights_and_the_shortest_wins(api, firm):
    ana, ben, admin = firm["ana"], firm["ben"], api.admin()
    with api.clock_at(day(0)):
        both = ana.post_item(title="Pilot pricing for miners", tags=["pricing", "pilot"])
        pilot_only = ana.post_item(title="Pilots last six weeks", tags=["pilot"])
        changed = ok(admin.patch("/admin/tags/pricing", json={"verification_days": 30}))
        assert changed == {"name": "pricing", "verification_days": 30, "effective_days": 30, "insights": 1}
        ok(admin.patch("/admin/tags/pilot", json={"verification_days": 60}))
    with api.clock_at(day(31)):
        assert freshness(ben, both["id"])["reason"] == "not verified for 31 days"
        assert freshness(ben, pilot_only["id"])["may_be_out_of_date"] is False
        # Taking the fast-moving tag off gives it its other tag's interval again.
        ok(ana.patch(f"/posts/{both['id']}", json={"tags": ["pilot"]}))
        assert freshness(ben, both["id"])["may_be_out_of_date"] is False
    with api.clock_at(day(61)):
        assert freshness(ben, pilot_only["id"])["reason"] == "not verified for 61 days"
        # Back to the default (null) for the tag: its insights are fresh until day 90.
        assert ok(admin.patch("/admin/tags/pilot", json={"verification_days": None}))["effective_days"] == 90
        assert freshness(ben, pilot_only["id"])["may_be_out_of_date"] is False
    entries = admin.get("/admin/audit", query={"action": "tag.updated"}).get_json()["items"]
    assert [entry["summary"] for entry in entries][:2] == [
        "The Admin changed the tag pilot: verification days from 60 to (none)",
        "The Admin changed the tag pilot: verification days from (none) to 60",
    ]


def test_the_author_verifying_makes_it_fresh_again_and_only_the_author_may(api, firm):
    ana, ben, admin = firm["ana"], firm["ben"], api.admin()
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
    with api.clock_at(day(100)):
        assert_error(ben.post(f"/posts/{insight['id']}/verify"), 403, mentions="Only the author")
        assert_error(admin.post(f"/posts/{insight['id']}/verify"), 403)
        verified = ok(ana.post(f"/posts/{insight['id']}/verify"))["freshness"]
    assert verified["verified_at"] == "2026-06-10T09:00:00+00:00" and verified["may_be_out_of_date"] is False
    with api.clock_at(day(189)):
        assert freshness(ben, insight["id"])["may_be_out_of_date"] is False
    with api.clock_at(day(190)):
        assert freshness(ben, insight["id"])["reason"] == "not verified for 90 days"
    challenge = ana.post_item(kind="challenge", title="Who knows the mining buyers?")
    assert_error(ana.post(f"/posts/{challenge['id']}/verify"), 409, mentions="Only an insight")


def test_the_author_updating_the_title_or_text_verifies_it_but_a_retag_or_an_admins_edit_does_not(api, firm):
    ana, ben, admin = firm["ana"], firm["ben"], api.admin()
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
    with api.clock_at(day(95)):
        ok(ana.patch(f"/posts/{insight['id']}", json={"tags": ["mining"]}))
        ok(admin.patch(f"/posts/{insight['id']}", json={"body": "Moderated wording."}))
        assert freshness(ben, insight["id"])["reason"] == "not verified for 95 days"
        updated = ok(ana.patch(f"/posts/{insight['id']}", json={"body": "Now they buy in April."}))
    assert updated["freshness"]["verified_at"] == "2026-06-05T09:00:00+00:00"
    assert updated["freshness"]["may_be_out_of_date"] is False


def test_a_colleague_saying_it_is_out_of_date_marks_it_at_once_and_tells_the_author_once_per_colleague(api, firm):
    ana, ben, cat = firm["ana"], firm["ben"], firm["cat"]
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
    with api.clock_at(day(10)):
        reported = ok(ben.post(f"/posts/{insight['id']}/outdated", json={"note": "They moved to April."}), 201)
        assert reported["freshness"]["may_be_out_of_date"] is True
        assert reported["freshness"]["reason"] == "1 colleague said it is out of date"
        assert_error(
            ben.post(f"/posts/{insight['id']}/outdated", json={"note": "Again."}), 409, mentions="already said"
        )
        ok(cat.post(f"/posts/{insight['id']}/outdated", json={"note": "April now."}), 201)
        assert_error(ana.post(f"/posts/{insight['id']}/outdated", json={"note": "Mine."}), 403)
        assert freshness(cat, insight["id"])["reason"] == "2 colleagues said it is out of date"
        assert freshness(cat, insight["id"])["outdated_reports"] == 2
    told = notifications(ana, "insight_reported_outdated")
    assert [(item["actor"]["id"], item["data"]["note"], item["post_id"]) for item in told] == [
        (cat.id, "April now.", insight["id"]),
        (ben.id, "They moved to April.", insight["id"]),
    ]
    with api.clock_at(day(11)):
        verified = ok(ana.post(f"/posts/{insight['id']}/verify"))["freshness"]
        assert (verified["may_be_out_of_date"], verified["outdated_reports"]) == (False, 0)
        # Verified, the insight can be called out of date again, by the same colleague too.
        ok(ben.post(f"/posts/{insight['id']}/outdated", json={"note": "Still April."}), 201)
    with api.clock_at(day(120)):
        assert (
            freshness(cat, insight["id"])["reason"] == "1 colleague said it is out of date; not verified for 109 days"
        )


def test_the_sweep_asks_the_author_once_when_it_goes_stale_and_again_only_after_it_is_verified(api, firm):
    ana = firm["ana"]
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
        ana.post_item(kind="challenge", title="Who knows the mining buyers?")
    with api.clock_at(day(89)):
        assert sweep(api) == "Freshness: 0 authors asked to verify an insight."
    with api.clock_at(day(91)):
        assert sweep(api) == "Freshness: 1 authors asked to verify an insight."
        assert sweep(api) == "Freshness: 0 authors asked to verify an insight."
    with api.clock_at(day(150)):
        assert sweep(api) == "Freshness: 0 authors asked to verify an insight."
        (asked,) = notifications(ana, "insight_needs_verifying")
        assert asked["post_id"] == insight["id"] and "not been verified for 91 days" in asked["message"]
        ok(ana.post(f"/posts/{insight['id']}/verify"))
    with api.clock_at(day(241)):
        assert sweep(api) == "Freshness: 1 authors asked to verify an insight."
    assert len(notifications(ana, "insight_needs_verifying")) == 2


def test_a_colleagues_report_is_the_ask_so_the_sweep_does_not_ask_again(api, firm):
    ana, ben = firm["ana"], firm["ben"]
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
    with api.clock_at(day(5)):
        ok(ben.post(f"/posts/{insight['id']}/outdated", json={"note": "They moved to April."}), 201)
        assert sweep(api) == "Freshness: 0 authors asked to verify an insight."


def test_retiring_keeps_its_history_readable_by_link_and_takes_it_out_of_the_feed_and_search(api, firm):
    ana, ben, cat, admin = firm["ana"], firm["ben"], firm["cat"], api.admin()
    insight = ana.post_item(title="Zeppelin pricing for miners")
    ok(ben.post(f"/posts/{insight['id']}/uses", json={"note": "Saved us a week"}), 201)
    reputation = ana.get("/me").get_json()["reputation"]
    assert reputation > 0
    assert_error(ben.post(f"/posts/{insight['id']}/retire"), 403)
    retired = ok(ana.post(f"/posts/{insight['id']}/retire"))
    assert retired["freshness"]["retired_at"] is not None and retired["freshness"]["may_be_out_of_date"] is False
    # History kept: the use, the points it earned, the ledger entry; readable by link.
    read = ok(cat.get(f"/posts/{insight['id']}"))
    assert read["use_count"] == 1 and read["freshness"]["retired_at"] == retired["freshness"]["retired_at"]
    assert ana.get("/me").get_json()["reputation"] == reputation
    assert ok(cat.get(f"/posts/{insight['id']}/uses"))["items"][0]["note"] == "Saved us a week"
    assert any(
        (entry["post"] or {}).get("id") == insight["id"]
        for entry in ok(ana.get(f"/users/{ana.id}/reputation"))["items"]
    )
    # Out of the feed's lists and search; `retired=true` lists it.
    assert insight["id"] not in [item["id"] for item in cat.get("/posts").get_json()["items"]]
    assert [item["id"] for item in cat.get("/posts", query={"retired": "true"}).get_json()["items"]] == [insight["id"]]
    assert cat.get("/search", query={"q": "zeppelin"}).get_json()["items"] == []
    # Nothing more to do with it.
    for path, body in (("retire", None), ("verify", None), ("outdated", {"note": "Old."})):
        person = cat if path == "outdated" else ana
        assert_error(person.post(f"/posts/{insight['id']}/{path}", json=body), 409, mentions="retired")
    # An admin may retire someone's insight: audited.
    other = ben.post_item(title="Another insight to retire")
    ok(admin.post(f"/posts/{other['id']}/retire"))
    (entry,) = admin.get("/admin/audit", query={"action": "post.retired"}).get_json()["items"]
    assert entry["summary"] == "The Admin retired the insight \u201cAnother insight to retire\u201d"


def test_search_ranks_a_fresh_insight_above_an_equally_matching_stale_one(api, firm):
    ana, ben = firm["ana"], firm["ben"]
    text = {"title": "Quarry buyers want bundles", "body": "Offer the quarry bundle in spring."}
    with api.clock_at(day(0)):
        older = ana.post_item(**text)
    with api.clock_at(day(60)):
        newer = ana.post_item(**text)

    def ranking():
        return [item["post"]["id"] for item in ok(ben.get("/search", query={"q": "quarry bundle"}))["items"]]

    with api.clock_at(day(61)):
        assert ranking() == [older["id"], newer["id"]]  # equal matches: the first indexed first
    with api.clock_at(day(100)):
        assert ranking() == [newer["id"], older["id"]]
        assert ok(ben.get("/search", query={"q": "quarry"}))["items"][1]["post"]["freshness"]["may_be_out_of_date"]
    with api.clock_at(day(101)):
        ok(ana.post(f"/posts/{older['id']}/verify"))
        assert ranking() == [older["id"], newer["id"]]
        ok(ben.post(f"/posts/{older['id']}/outdated", json={"note": "Bundles are gone."}), 201)
        assert ranking() == [newer["id"], older["id"]]


def test_only_admins_set_a_tags_interval(api, firm):
    for person in (firm["ana"], api.person(role="leader")):
        assert_error(person.patch("/admin/tags/pricing", json={"verification_days": 30}), 403)
    assert_error(api.admin().patch("/admin/tags/no-such-tag", json={"verification_days": 30}), 404)


@pytest.mark.parametrize(
    "value", [0, -1, MAX_VERIFICATION_DAYS + 1, 99999999999999999999, 2**63, 10**400, 1.5, "30", True, float("inf")]
)
def test_a_verification_interval_out_of_range_or_not_a_whole_number_is_refused_naming_the_field(api, value):
    api.tags("pricing")
    assert_error(
        api.admin().patch("/admin/tags/pricing", json={"verification_days": value}), 422, mentions="verification_days"
    )


def test_an_outdated_note_must_be_clean_text_of_a_sensible_length(api, firm):
    insight = firm["ana"].post_item(title="Mining customers buy in March")
    for note in ("a\x00b", "", "x" * 2001):
        assert_error(firm["ben"].post(f"/posts/{insight['id']}/outdated", json={"note": note}), 422, mentions="note")
    assert_error(firm["ben"].post(f"/posts/{insight['id']}/outdated", json={}), 422, mentions="note")
    assert freshness(firm["ben"], insight["id"])["outdated_reports"] == 0


def test_reporting_honours_an_idempotency_key(api, firm):
    insight = firm["ana"].post_item(title="Mining customers buy in March")
    key = {"Idempotency-Key": "report-1"}
    first = firm["ben"].post(f"/posts/{insight['id']}/outdated", json={"note": "April."}, headers=key)
    again = firm["ben"].post(f"/posts/{insight['id']}/outdated", json={"note": "April."}, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(notifications(firm["ana"], "insight_reported_outdated")) == 1


def test_the_migration_gives_existing_insights_their_last_written_date_as_verified(api, firm):
    ana, ben = firm["ana"], firm["ben"]
    with api.clock_at(day(0)):
        insight = ana.post_item(title="Mining customers buy in March")
        challenge = ana.post_item(kind="challenge", title="Who knows the mining buyers?")
    with api.clock_at(day(20)):
        ok(ana.patch(f"/posts/{insight['id']}", json={"account": "Globex"}))
    api.cli("db", "downgrade", "0012")
    api.cli("db", "upgrade")
    with api.clock_at(day(109)):
        kept = freshness(ben, insight["id"])
        assert kept["verified_at"] == "2026-03-22T09:00:00+00:00" and kept["may_be_out_of_date"] is False
    with api.clock_at(day(110)):
        assert freshness(ben, insight["id"])["reason"] == "not verified for 90 days"
    assert freshness(ben, challenge["id"]) is None


def test_a_tag_patch_without_an_interval_changes_nothing(api, firm):
    admin = api.admin()
    ok(admin.patch("/admin/tags/pricing", json={"verification_days": 45}))
    assert ok(admin.patch("/admin/tags/pricing", json={})) == {
        "name": "pricing",
        "verification_days": 45,
        "effective_days": 45,
        "insights": 0,
    }
    assert len(admin.get("/admin/audit", query={"action": "tag.updated"}).get_json()["items"]) == 1
