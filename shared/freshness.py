"""How insights stay fresh: the verification interval, and what "may be out of date" means.

An insight's author vouches for it when posting it, when changing its title or text, and
whenever they say it is still true (verify). After the verification interval it may be out
of date: the shortest interval among its tags (admins set one per tag), DEFAULT_VERIFICATION_DAYS
for tags without one. A colleague saying "this is out of date" makes it so at once, until the
author verifies, updates or retires it. Search ranks such an insight lower; a retired one
stays readable by link, with its history, but leaves the feed's lists and search.
"""

from collections.abc import Iterable

from shared.wording import plural

DEFAULT_VERIFICATION_DAYS = 90
# An admin's interval for a tag: at least a day, at most ten years (a date beyond would
# leave the calendar Quid reads dates in, shared.limits.DATE_YEARS).
MIN_VERIFICATION_DAYS = 1
MAX_VERIFICATION_DAYS = 3650

OUTDATED_NOTE_MAX_LENGTH = 2_000

# Search multiplies the score of an insight that may be out of date by this. Scores are
# lower-is-better and never positive (BM25 and -ts_rank), so a factor below 1 moves it
# towards 0: behind an equally matching fresh one, yet still ahead of a far weaker match.
STALE_SEARCH_FACTOR = 0.5


def verification_days(tag_days: Iterable[int | None]) -> int:
    """The interval of an insight carrying tags whose own intervals are `tag_days` (None for
    a tag without one): the shortest wins, since the fastest-moving topic dates it first."""
    return min(
        (days if days is not None else DEFAULT_VERIFICATION_DAYS for days in tag_days),
        default=DEFAULT_VERIFICATION_DAYS,
    )


def out_of_date_reason(*, days_unverified: int | None, open_reports: int) -> str | None:
    """Why an insight may be out of date, in words: 'not verified for 120 days',
    '3 colleagues said it is out of date', or both; None when neither holds."""
    reasons = []
    if open_reports:
        reasons.append(f"{plural(open_reports, 'colleague')} said it is out of date")
    if days_unverified is not None:
        reasons.append(f"not verified for {plural(days_unverified, 'day')}")
    return "; ".join(reasons) or None
