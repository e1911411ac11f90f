"""Adding to counters in one statement, on SQLite and PostgreSQL alike."""

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.extensions import db
from server.reputation.models import DailyScore


def add_daily_scores(rows: list[dict]) -> None:
    """Add each row's `value` to (user_id, day, metric), creating the row when missing."""
    if not rows:
        return
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(DailyScore).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[DailyScore.user_id, DailyScore.day, DailyScore.metric],
        set_={"value": DailyScore.value + statement.excluded.value},
    )
    db.session.execute(statement)
