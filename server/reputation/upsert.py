"""Adding to counters in one statement, on SQLite and PostgreSQL alike."""

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.extensions import db
from server.reputation.models import DailyScore, PeriodScore
from server.users.models import User
from shared.periods import period_starts_on
from shared.rules import Period


def add_daily_scores(rows: list[dict]) -> None:
    """Add each row's `value` to (user_id, day, metric) and to the person's running total of
    that metric in every period containing the day, creating rows when missing; each total
    row carries the person's division and whether they are active, as they are now."""
    if not rows:
        return
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(DailyScore).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[DailyScore.user_id, DailyScore.day, DailyScore.metric],
        set_={"value": DailyScore.value + statement.excluded.value},
    )
    db.session.execute(statement)
    totals: dict[tuple[str, str, object, int], int] = {}
    for row in rows:
        for period in Period:
            key = (row["metric"], period.value, period_starts_on(period, row["day"]), row["user_id"])
            totals[key] = totals.get(key, 0) + row["value"]
    scopes = {
        user_id: (division_id, is_active)
        for user_id, division_id, is_active in db.session.execute(
            select(User.id, User.division_id, User.is_active).where(User.id.in_({row["user_id"] for row in rows}))
        )
    }
    # Rows in key order, so concurrent transactions on PostgreSQL lock them in the same order.
    statement = insert(PeriodScore).values(
        [
            {
                "metric": metric,
                "period": period,
                "starts_on": starts_on,
                "user_id": user_id,
                "value": value,
                "division_id": scopes[user_id][0],
                "is_active": scopes[user_id][1],
            }
            for (metric, period, starts_on, user_id), value in sorted(totals.items())
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=[PeriodScore.metric, PeriodScore.period, PeriodScore.starts_on, PeriodScore.user_id],
        set_={"value": PeriodScore.value + statement.excluded.value},
    )
    db.session.execute(statement)
