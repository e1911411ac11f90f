"""The first day of a calendar period as SQL, for rebuilding period totals in one statement.

The same arithmetic as `shared.periods.period_starts_on` (the incremental path uses that one);
the tests rebuild from the ledger and compare, so the two cannot drift apart unnoticed.
"""

from sqlalchemy import TIMESTAMP, Date, Integer, cast, func, literal, literal_column
from sqlalchemy.sql.elements import ColumnElement

from shared.periods import ALL_TIME_STARTS_ON
from shared.rules import Period

POSTGRESQL_FIELDS = {Period.WEEK: "week", Period.MONTH: "month", Period.QUARTER: "quarter", Period.YEAR: "year"}


def period_starts_on_sql(period: Period, day: ColumnElement, dialect_name: str) -> ColumnElement:
    """SQL for the first day of the `period` containing the date `day`."""
    if period == Period.ALL:
        return literal(ALL_TIME_STARTS_ON, type_=Date)
    if dialect_name == "postgresql":
        # ISO weeks, like shared.periods; the cast to a plain timestamp keeps the session's
        # time zone out of it. The field is written into the SQL, not bound: PostgreSQL
        # matches a GROUP BY expression to the select list's only when they are identical.
        field = literal_column(f"'{POSTGRESQL_FIELDS[period]}'")
        return cast(func.date_trunc(field, cast(day, TIMESTAMP)), Date)
    # SQLite keeps dates as 'YYYY-MM-DD' text, which its date() function reads and writes.
    if period == Period.WEEK:
        days_since_monday = (cast(func.strftime("%w", day), Integer) + 6) % 7
        return func.date(day, func.printf("-%d days", days_since_monday), type_=Date)
    if period == Period.MONTH:
        return func.date(day, "start of month", type_=Date)
    if period == Period.QUARTER:
        months_into_quarter = (cast(func.strftime("%m", day), Integer) - 1) % 3
        return func.date(day, "start of month", func.printf("-%d months", months_into_quarter), type_=Date)
    return func.date(day, "start of year", type_=Date)
