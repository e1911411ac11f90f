"""The span of days an analytics figure covers, in the firm's time zone.

A leader asks for a calendar period (the one containing today, as the leaderboard does) or
for a range of days, `from` and `to` both included. The previous window is the one of the
same length just before, which white space compares against.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from server.common.clock import utcnow
from server.common.firm_time import firm_day, firm_zone
from shared.periods import months_later, period_ends_on, period_starts_on
from shared.rules import Period


@dataclass(frozen=True)
class Window:
    """Days from `starts_on` up to, not including, `ends_on`; both None for all time."""

    starts_on: date | None
    ends_on: date | None
    label: str

    @property
    def starts_at(self) -> datetime | None:
        return start_of(self.starts_on)

    @property
    def ends_at(self) -> datetime | None:
        return start_of(self.ends_on)

    @property
    def last_day(self) -> date | None:
        return self.ends_on - timedelta(days=1) if self.ends_on else None

    def previous(self) -> "Window | None":
        """The window of the same length just before this one (None for all time)."""
        if self.starts_on is None:
            return None
        length = self.ends_on - self.starts_on
        return Window(self.starts_on - length, self.starts_on, "previous")


def start_of(day: date | None) -> datetime | None:
    """The first moment (UTC) of `day` in the firm's time zone."""
    if day is None:
        return None
    return datetime.combine(day, time(), firm_zone()).astimezone(UTC)


def window_for(*, period: Period, from_day: date | None, to_day: date | None) -> Window:
    """The window a leader asked for: the days from `from_day` to `to_day` when given (the
    schema makes sure both or neither are), else the calendar period containing today."""
    if from_day is not None:
        return Window(from_day, to_day + timedelta(days=1), "range")
    if period == Period.ALL:
        return Window(None, None, Period.ALL.value)
    starts_on = period_starts_on(period, firm_day(utcnow()))
    return Window(starts_on, period_ends_on(period, starts_on), period.value)


def steps(*, interval: Period, from_day: date | None, to_day: date | None, default_steps: int) -> list[Window]:
    """Consecutive weeks or months: those touching `from_day`..`to_day` when given, else the
    last `default_steps` up to and including the current one."""
    if from_day is None:
        last = period_starts_on(interval, firm_day(utcnow()))
        first = last
        for _ in range(default_steps - 1):
            first = step_before(interval, first)
        to_day = last
    else:
        first = period_starts_on(interval, from_day)
    windows = []
    starts_on = first
    while starts_on <= to_day:
        ends_on = period_ends_on(interval, starts_on)
        windows.append(Window(starts_on, ends_on, interval.value))
        starts_on = ends_on
    return windows


def step_before(interval: Period, starts_on: date) -> date:
    """The first day of the week or month before the one starting on `starts_on`."""
    if interval == Period.WEEK:
        return starts_on - timedelta(days=7)
    return months_later(starts_on, -1)
