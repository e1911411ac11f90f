"""The leaderboard's current period in the firm's time zone."""

from datetime import date, datetime

from server.common.firm_time import firm_day
from shared.periods import period_ends_on, period_starts_on
from shared.rules import Period


def period_bounds(period: Period, now: datetime) -> tuple[date | None, date | None]:
    """The first day of the period containing `now` and the first day after it (None for `all`)."""
    if period == Period.ALL:
        return None, None
    starts_on = period_starts_on(period, firm_day(now))
    return starts_on, period_ends_on(period, starts_on)
