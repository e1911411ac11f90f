"""The firm's calendar: days and periods in its time zone (UTC unless configured)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def firm_zone() -> ZoneInfo:
    """The firm's time zone from `QUID_FIRM_TIMEZONE`."""
    return ZoneInfo(current_app.config["FIRM_TIMEZONE"])


def firm_day(moment: datetime) -> date:
    """The calendar day `moment` falls on in the firm's time zone."""
    return moment.astimezone(firm_zone()).date()


def start_of_firm_day(moment: datetime) -> datetime:
    """The first moment (in UTC) of the firm's calendar day that `moment` falls on."""
    return datetime.combine(firm_day(moment), time(), firm_zone()).astimezone(UTC)


def start_of_firm_date(day: date) -> datetime:
    """The first moment (in UTC) of calendar day `day` in the firm's time zone."""
    return datetime.combine(day, time(), firm_zone()).astimezone(UTC)
