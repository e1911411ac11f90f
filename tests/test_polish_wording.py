"""The wording and arithmetic behind the app's polish, without Kivy: trust in words, who used
a contribution, locked privileges, the date picker's month, and WCAG contrast."""

import subprocess
import sys
from datetime import date

import pytest

from mobile.ui.calendar_days import choosable, day_label, month_title, month_weeks, shift_month
from mobile.ui.contrast import contrast_ratio, relative_luminance
from mobile.ui.privilege_text import level_needed, locked_label, missing_privilege_text
from mobile.ui.trust_text import promises_kept, trust_line, trust_summary
from mobile.ui.use_text import hours_text, use_value_text, used_by_button_text, uses_totals_text
from shared.levels import LEVELS
from shared.rules import PRIVILEGE_LEVELS, Privilege
from tests.support.gunicorn import REPOSITORY_ROOT


def test_these_helpers_need_no_kivy():
    # In a fresh interpreter: other test modules of this run import Kivy.
    modules = [
        "mobile.ui.calendar_days",
        "mobile.ui.contrast",
        "mobile.ui.privilege_text",
        "mobile.ui.trust_text",
        "mobile.ui.use_text",
        "mobile.ui.trade_words",
    ]
    check = f"import sys; import {', '.join(modules)}; sys.exit('kivy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], cwd=REPOSITORY_ROOT).returncode == 0


def test_trust_reads_as_promises_kept_and_never_as_a_score_for_someone_who_settled_none():
    assert promises_kept({"score": 0.5, "band": "new", "settled": 0}) == "No promises yet"
    assert promises_kept({"settled": 4, "on_time": 3}) == "Kept 3 of 4 promises on time"
    assert promises_kept({"settled": 1, "on_time": 1}) == "Kept 1 of 1 promise on time"
    assert trust_line({"score": 0.5, "band": "new", "settled": 0}) == "New · No promises yet"
    assert (
        trust_line({"score": 0.83, "band": "reliable", "settled": 4, "on_time": 4})
        == "Reliable · Kept 4 of 4 promises on time"
    )
    details = {"score": 0.58, "band": "mixed", "settled": 4, "on_time": 2, "late": 1, "broken": 1, "circle_size": 2}
    assert trust_summary(details) == "Kept 2 of 4 promises on time · 1 late · 1 broken · circle of 2 people"
    assert trust_summary({"settled": 0, "circle_size": 1}) == "No promises yet · circle of 1 person"
    assert "0.5" not in trust_line({"score": 0.5, "band": "new", "settled": 0})


def test_uses_say_what_they_were_worth_and_what_they_add_up_to():
    assert hours_text(2.5) == "2.5 hours" and hours_text(1.0) == "1 hour" and hours_text(3) == "3 hours"
    assert use_value_text({"hours_saved": 2.5, "deal_influenced": True}) == "Saved 2.5 hours · Influenced a deal"
    assert use_value_text({"hours_saved": None, "deal_influenced": False}) == ""
    assert (
        uses_totals_text({"uses": 3, "hours_saved": 3.5, "deals_influenced": 2})
        == "Used by 3 people · 3.5 hours saved · 2 deals influenced"
    )
    assert uses_totals_text({"uses": 1, "hours_saved": 0, "deals_influenced": 0}) == "Used by 1 person"
    assert uses_totals_text({"uses": 0}) == "Nobody has used this yet"
    assert used_by_button_text(2) == "Used by 2"


@pytest.mark.parametrize("privilege", list(Privilege))
def test_a_locked_action_names_the_level_from_the_shared_table(privilege):
    needed = PRIVILEGE_LEVELS[privilege]
    below = {"level": {"number": needed - 1}, "role": "member"}
    assert level_needed(below, privilege) == needed
    assert locked_label("Helpful", privilege) == f"Helpful · level {needed}"
    assert f"from level {needed} ({LEVELS[needed - 1].name})" in missing_privilege_text(below, privilege)
    assert level_needed({"level": {"number": needed}, "role": "member"}, privilege) is None
    assert level_needed({"level": {"number": 1}, "role": "admin"}, privilege) is None  # admins hold every one
    assert level_needed(None, privilege) is None  # not known yet: not locked
    assert missing_privilege_text({"level": {"number": needed}}, privilege) == ""


def test_a_month_is_laid_out_from_monday_with_blanks_outside_it():
    weeks = month_weeks(2026, 12)  # 1 December 2026 is a Tuesday
    assert weeks[0][:2] == [None, date(2026, 12, 1)] and all(len(week) == 7 for week in weeks)
    days = [day for week in weeks for day in week if day]
    assert days[0] == date(2026, 12, 1) and days[-1] == date(2026, 12, 31) and len(days) == 31
    assert shift_month(2026, 12, 1) == (2027, 1) and shift_month(2026, 1, -1) == (2025, 12)
    assert month_title(2027, 2) == "February 2027"
    assert day_label(date(2026, 12, 8)) == "Tue 8 Dec"
    assert choosable(date(2026, 12, 8), earliest=date(2026, 12, 8))
    assert not choosable(date(2026, 12, 7), earliest=date(2026, 12, 8)) and not choosable(None, earliest=date.min)


def test_contrast_follows_wcag():
    assert relative_luminance((1, 1, 1)) == pytest.approx(1) and relative_luminance((0, 0, 0)) == 0
    assert contrast_ratio((0, 0, 0, 1), (1, 1, 1, 1)) == pytest.approx(21)
    assert contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1)
    # The amber the issue named: 2.1:1 on white.
    amber = tuple(int("F59E0B"[index : index + 2], 16) / 255 for index in (0, 2, 4))
    assert contrast_ratio(amber, (1, 1, 1)) == pytest.approx(2.15, abs=0.01)


def test_a_use_is_checked_against_the_servers_limits_before_it_is_queued():
    from mobile.ui.use_text import check_use
    from shared.limits import MAX_HOURS_SAVED, USE_NOTE_MAX_LENGTH

    assert check_use(" Quoted it ", "2,5") == ({"note": "Quoted it", "hours_saved": 2.5}, {})
    assert set(check_use("", "")[1]) == {"note"}
    assert set(check_use("x" * (USE_NOTE_MAX_LENGTH + 1), "")[1]) == {"note"}
    for hours in ("0", "-1", str(MAX_HOURS_SAVED + 1), "nan", "lots"):
        assert set(check_use("Helped", hours)[1]) == {"hours_saved"}, hours


def test_a_trade_reads_its_phrases_as_sentences():
    from mobile.ui.trade_words import sentence, when_text

    assert sentence("due in 3 days") == "Due in 3 days" and sentence("") == ""
    assert when_text(None) == ""
    assert "Mar 2026" in when_text("2026-03-15T12:00:00+00:00")  # in the phone's own time zone
