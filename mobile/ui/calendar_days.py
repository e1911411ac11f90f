"""A month as a thumb sees it in the date picker: weeks from Monday, days outside the month
left blank, and which days may be chosen (no Kivy here)."""

import calendar
from datetime import date

WEEKDAY_INITIALS = ("M", "T", "W", "T", "F", "S", "S")


def month_weeks(year: int, month: int) -> list[list[date | None]]:
    """The month's weeks, Monday first; None where a week reaches into another month."""
    return [
        [day if day.month == month else None for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The month `by` months after (or before, when negative) year/month."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_title(year: int, month: int) -> str:
    """'December 2026'."""
    return f"{calendar.month_name[month]} {year}"


def day_label(day: date) -> str:
    """A chosen date as a chip shows it: 'Tue 22 Dec'."""
    return day.strftime("%a %d %b").replace(" 0", " ")


def choosable(day: date | None, *, earliest: date, latest: date | None = None) -> bool:
    """Whether `day` may be picked: in the month shown, not before `earliest`, not after `latest`."""
    return day is not None and day >= earliest and (latest is None or day <= latest)
