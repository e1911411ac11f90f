"""Calendar periods in the firm's time zone."""

from datetime import date, datetime, timedelta

from server.common.firm_time import firm_day
from shared.rules import Period


def period_bounds(period: Period, now: datetime) -> tuple[date | None, date | None]:
    """The first day of the period containing `now` and the first day after it (None for `all`)."""
    today = firm_day(now)
    if period == Period.ALL:
        return None, None
    if period == Period.WEEK:
        start = today - timedelta(days=today.weekday())  # weeks start on Monday (ISO 8601)
        return start, start + timedelta(days=7)
    if period == Period.MONTH:
        start = today.replace(day=1)
        return start, next_month(start, 1)
    if period == Period.QUARTER:
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return start, next_month(start, 3)
    start = today.replace(month=1, day=1)
    return start, start.replace(year=start.year + 1)


def next_month(first_day: date, months: int) -> date:
    """The first day `months` months after `first_day` (itself a first day)."""
    index = first_day.month - 1 + months
    return first_day.replace(year=first_day.year + index // 12, month=index % 12 + 1)
