"""Adding to counters in one statement, on SQLite and PostgreSQL alike."""

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.extensions import db
from server.reputation.models import DailyScore, MetricTotal


def add_daily_scores(rows: list[dict]) -> None:
    """Add each row's `value` to (user_id, day, metric) and to the person's all-time total
    of that metric, creating rows when missing."""
    if not rows:
        return
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(DailyScore).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[DailyScore.user_id, DailyScore.day, DailyScore.metric],
        set_={"value": DailyScore.value + statement.excluded.value},
    )
    db.session.execute(statement)
    totals: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (row["user_id"], row["metric"])
        totals[key] = totals.get(key, 0) + row["value"]
    statement = insert(MetricTotal).values([{"user_id": user_id, "metric": metric, "value": value}
                                            for (user_id, metric), value in totals.items()])
    statement = statement.on_conflict_do_update(
        index_elements=[MetricTotal.user_id, MetricTotal.metric],
        set_={"value": MetricTotal.value + statement.excluded.value},
    )
    db.session.execute(statement)
