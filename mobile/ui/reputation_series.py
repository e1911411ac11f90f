"""Reputation over time, from ledger entries: pure functions, no widgets and no window.

The API lists a person's ledger newest first (GET /users/{id}/reputation). The chart wants
the opposite: a starting balance, then the running total after each entry, oldest first.
When only the newest part of a long ledger was fetched, the starting balance is what the
older entries add up to (the current total minus what was fetched), so the series still
ends exactly at the person's reputation.
"""

from datetime import datetime

from mobile.ui.text import parse_timestamp

# A point of the chart: a moment and the reputation right after it.
Point = tuple[datetime, int]


def entry_time(entry: dict) -> datetime | None:
    """When a ledger entry was written (its `created_at`, a timestamp or a datetime)."""
    moment = entry.get("created_at")
    return moment if isinstance(moment, datetime) else parse_timestamp(moment)


def reputation_series(
    entries_newest_first: list[dict], *, total: int | None = None, joined_at: datetime | str | None = None
) -> list[Point]:
    """The starting point and the running total after each entry, oldest first.

    `total` is the person's current reputation (None: the entries are the whole ledger and
    start from 0). The first point holds the balance before the oldest entry, dated when the
    person joined if the entries are their whole history, else at the oldest entry. No
    entries give no points: there is nothing to draw.
    """
    entries = [entry for entry in reversed(entries_newest_first) if entry_time(entry) is not None]
    if not entries:
        return []
    fetched_sum = sum(int(entry.get("points") or 0) for entry in entries)
    balance = 0 if total is None else int(total) - fetched_sum
    start_time = entry_time(entries[0])
    joined = joined_at if isinstance(joined_at, datetime) or joined_at is None else parse_timestamp(joined_at)
    # Only a complete history starts at joining: an older balance accrued at unknown times.
    if balance == 0 and joined is not None and joined < start_time:
        start_time = joined
    points = [(start_time, balance)]
    for entry in entries:
        balance += int(entry.get("points") or 0)
        points.append((entry_time(entry), balance))
    return points


def value_range(points: list[Point]) -> tuple[int, int]:
    """The lowest and highest value the chart's vertical axis spans; it always includes 0."""
    if not points:
        return 0, 1
    values = [value for _moment, value in points]
    lowest, highest = min(0, min(values)), max(0, max(values))
    if highest == lowest:
        highest = lowest + 1  # a flat line still needs an axis with some height
    return lowest, highest


def step_path(
    points: list[Point], *, left: float, bottom: float, width: float, height: float
) -> list[tuple[float, float]]:
    """The chart's line as (x, y) corners inside the given box, as steps.

    Reputation changes at one moment and then holds, so each value runs flat until the next
    entry, where the line rises or falls. Time runs left to right; when every point shares
    one moment the points are spread evenly instead.
    """
    if not points:
        return []
    lowest, highest = value_range(points)
    first, last = points[0][0], points[-1][0]
    span = (last - first).total_seconds()

    def x_of(index: int, moment: datetime) -> float:
        if span <= 0:
            return left + width * (index / max(len(points) - 1, 1))
        return left + width * ((moment - first).total_seconds() / span)

    def y_of(value: int) -> float:
        return bottom + height * ((value - lowest) / (highest - lowest))

    corners = [(x_of(0, first), y_of(points[0][1]))]
    for index, (moment, value) in enumerate(points[1:], start=1):
        x = x_of(index, moment)
        corners.append((x, corners[-1][1]))
        corners.append((x, y_of(value)))
    return corners


def short_date(moment: datetime) -> str:
    """'9 Oct 2026': a date for an axis label."""
    return f"{moment.day} {moment:%b %Y}"
