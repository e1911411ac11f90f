"""Calendar periods: the first day of a period in Python (kept with every action) and in SQL
(used by rebuilds) agree on every day of two years, on each database."""

from datetime import date, timedelta

from sqlalchemy import Date, literal, select

from server.extensions import db
from server.reputation.period_starts_sql import period_starts_on_sql
from shared.periods import ALL_TIME_STARTS_ON, period_ends_on, period_starts_on
from shared.rules import Period

DAYS = [date(2027, 1, 1) + timedelta(days=offset) for offset in range(366 + 365)]  # 2027 and leap 2028


def test_the_sql_first_day_matches_the_python_one(app):
    with app.app_context():
        dialect_name = db.session.get_bind().dialect.name
        for period in Period:
            columns = [period_starts_on_sql(period, literal(day, type_=Date), dialect_name) for day in DAYS]
            from_sql = db.session.execute(select(*columns)).one()
            assert list(from_sql) == [period_starts_on(period, day) for day in DAYS], period


def test_periods_tile_the_calendar():
    """Each day lies in exactly one period of each kind, which starts on or before it and
    ends after it; the next period starts where the last one ended."""
    for period in (Period.WEEK, Period.MONTH, Period.QUARTER, Period.YEAR):
        for day in DAYS:
            starts_on = period_starts_on(period, day)
            ends_on = period_ends_on(period, starts_on)
            assert starts_on <= day < ends_on
            assert period_starts_on(period, ends_on) == ends_on
            assert period_starts_on(period, ends_on - timedelta(days=1)) == starts_on
    assert period_starts_on(Period.WEEK, date(2026, 11, 23)) == date(2026, 11, 23)  # a Monday
    assert period_starts_on(Period.QUARTER, date(2028, 12, 31)) == date(2028, 10, 1)
    assert period_starts_on(Period.ALL, date(2028, 12, 31)) == ALL_TIME_STARTS_ON
    assert period_ends_on(Period.ALL, ALL_TIME_STARTS_ON) is None
