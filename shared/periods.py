"""Calendar periods as days: the first day of the period a day falls in, and the day after it.

Weeks start on Monday (ISO 8601); months, quarters and years are the calendar's. The server
keys each person's running total of a period by its first day, and the leaderboard asks for
the period containing today, so both use these two functions.
"""

from datetime import date, timedelta

from shared.rules import Period

# The all-time period has no first day; its totals are keyed by the earliest date instead.
ALL_TIME_STARTS_ON = date.min


def period_starts_on(period: Period, day: date) -> date:
    """The first day of the `period` containing `day` (`ALL_TIME_STARTS_ON` for all time)."""
    if period == Period.ALL:
        return ALL_TIME_STARTS_ON
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    if period == Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def period_ends_on(period: Period, starts_on: date) -> date | None:
    """The first day after the `period` that starts on `starts_on` (None for all time)."""
    if period == Period.ALL:
        return None
    if period == Period.WEEK:
        return starts_on + timedelta(days=7)
    if period == Period.MONTH:
        return months_later(starts_on, 1)
    if period == Period.QUARTER:
        return months_later(starts_on, 3)
    return starts_on.replace(year=starts_on.year + 1)


def months_later(first_day: date, months: int) -> date:
    """The first day `months` months after `first_day` (itself a first day)."""
    index = first_day.month - 1 + months
    return first_day.replace(year=first_day.year + index // 12, month=index % 12 + 1)
