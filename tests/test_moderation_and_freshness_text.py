"""The app's words for freshness and moderation, without Kivy: marks, dates, the flag and
note checks, My flags' rows and the admin queue's rows."""

import subprocess
import sys
from datetime import datetime

from mobile.ui.freshness_text import (
    check_outdated_note,
    check_update,
    day_text,
    freshness_mark,
    is_live_insight,
    verified_text,
)
from mobile.ui.moderation_text import (
    check_flag,
    check_hide_note,
    flag_state_text,
    hidden_mark,
    my_flag_row,
    queue_row,
    reason_choices,
    reasons_text,
)
from shared.moderation import REASON_LABELS, FlagReason

FRESH = {
    "verified_at": "2026-12-01T10:00:00+00:00",
    "may_be_out_of_date": False,
    "reason": None,
    "retired_at": None,
    "outdated_reports": 0,
}


def test_the_helpers_load_without_kivy():
    code = "import sys, mobile.ui.freshness_text, mobile.ui.moderation_text; sys.exit('kivy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_fresh_insight_carries_no_mark_but_says_when_it_was_verified():
    assert freshness_mark(FRESH) == ""
    assert verified_text(FRESH) == f"Verified by its author on {day_text(FRESH['verified_at'])}"


def test_a_challenge_has_no_freshness_to_show():
    assert freshness_mark(None) == "" and verified_text(None) == "" and not is_live_insight(None)


def test_an_insight_that_may_be_out_of_date_says_why_in_the_servers_words():
    reason = "1 colleague said it is out of date; not verified for 120 days"
    stale = {**FRESH, "may_be_out_of_date": True, "reason": reason}
    assert freshness_mark(stale) == f"May be out of date — {reason}"
    assert verified_text(stale) == ""
    assert freshness_mark({**stale, "reason": None}) == "May be out of date"


def test_a_retired_insight_says_since_when_and_takes_no_more_actions():
    retired = {
        **FRESH,
        "may_be_out_of_date": True,
        "reason": "not verified for 9 days",
        "retired_at": "2026-12-07T12:00:00+00:00",
    }
    day = datetime.fromisoformat("2026-12-07T12:00:00+00:00").astimezone()
    assert freshness_mark(retired) == f"Retired on {day.day} {day:%b %Y}"
    assert not is_live_insight(retired) and is_live_insight(FRESH)


def test_an_out_of_date_report_needs_a_note_within_the_limit():
    assert check_outdated_note("  Prices changed.  ") == ("Prices changed.", "")
    assert "what changed" in check_outdated_note("   ")[1]
    assert "under 2,001" in check_outdated_note("x" * 2001)[1]


def test_an_update_sends_only_what_changed_and_nothing_unchanged():
    assert check_update("A good long title", "New text", old_title="A good long title", old_body="Old") == (
        {"body": "New text"},
        {},
    )
    changes, errors = check_update("A good long title", "Old", old_title="A good long title", old_body="Old")
    assert not changes and "Still true" in errors["body"]
    assert "title" in check_update("Short", "Old", old_title="A good long title", old_body="Old")[1]


def test_the_flag_reasons_are_shared_moderations_in_its_order():
    assert reason_choices() == [(reason.value, REASON_LABELS[reason]) for reason in FlagReason]


def test_a_flag_needs_a_reason_and_something_else_needs_a_note():
    assert check_flag("", "")[1] == {"reason": "Pick what is wrong."}
    assert "needs a note" in check_flag("other", "  ")[1]["note"]
    assert check_flag("other", " Wrong account ") == ({"reason": "other", "note": "Wrong account"}, {})
    assert check_flag("spam", "") == ({"reason": "spam"}, {})
    assert "under 1,001" in check_flag("spam", "x" * 1001)[1]["note"]


def test_hidden_content_shows_the_admins_reason():
    assert (
        hidden_mark({"hidden_at": "2026-12-07T12:00:00Z", "hidden_reason": "Customer  pricing"})
        == "Hidden by an admin: Customer pricing"
    )
    assert hidden_mark({"hidden_at": None}) == "" and hidden_mark(None) == ""
    assert check_hide_note(" ") == ("", "Say why: its author reads this.")


def test_my_flags_rows_name_the_post_the_reason_and_the_outcome():
    row = my_flag_row(
        {
            "id": 3,
            "item": {"type": "answer", "post_id": 9, "answer_id": 4, "title": "Port 8883"},
            "reason": "confidential",
            "note": "Names the\ndiscount",
            "state": "upheld",
        }
    )
    assert row["title_text"] == "An answer on Port 8883"
    assert row["reason_text"] == "Customer data that should not be shared — Names the discount"
    assert row["state_text"] == flag_state_text("upheld") == "Upheld — an admin hid it"
    gone = my_flag_row(
        {"id": 4, "item": {"type": "post", "post_id": 9, "title": None}, "reason": "spam", "state": "open"}
    )
    assert gone["title_text"] == "Post: a post you can no longer see" and gone["state_text"].startswith("Open")


def test_a_queue_row_counts_the_flags_and_offers_the_decisions_that_fit():
    item = {
        "content": {
            "type": "post",
            "post_id": 5,
            "answer_id": None,
            "title": "Pricing",
            "excerpt": "Our\nprice",
            "author": {"display_name": "Priya"},
            "hidden_at": None,
            "hidden_reason": None,
            "deleted": False,
        },
        "flag_count": 3,
        "reasons": [{"reason": "spam", "count": 2}, {"reason": "wrong", "count": 1}],
        "flags": [{"note": "Ad"}, {"note": None}],
    }
    row = queue_row(item)
    assert row["flags_text"] == "3 flags: Spam ×2, Wrong or misleading"
    assert row["excerpt_text"] == "Our price" and row["author_text"] == "by Priya" and row["notes_text"] == "“Ad”"
    assert (row["can_hide"], row["can_dismiss"], row["can_restore"]) == (True, True, False)
    hidden = {**item, "content": {**item["content"], "hidden_at": "2026-12-07T12:00:00Z", "hidden_reason": "Ad"}}
    row = queue_row(hidden, "upheld")
    assert (row["can_hide"], row["can_dismiss"], row["can_restore"]) == (False, False, True)
    assert row["status_text"] == "Hidden by an admin: Ad"
    assert reasons_text([]) == ""
