"""Rebuild the materialised reputation and level, the daily scores and the period totals from the ledger alone.

Used after a data repair, and by the tests to prove the incremental figures right.
"""

from sqlalchemy import case, delete, func, insert, literal, or_, select, update

from server.extensions import db
from server.reputation.levels import recompute_levels
from server.reputation.models import DailyScore, PeriodScore, ReputationEntry
from server.reputation.period_starts_sql import period_starts_on_sql
from server.users.models import User
from shared.rules import COUNTED_METRIC, Metric, Period


def recompute_all() -> None:
    """Replace every user's reputation and level, every daily score and every period total
    with what the ledger gives (a credit that counted for nothing is not counted: see
    shared/fair_game.counts)."""
    totals = (
        select(func.coalesce(func.sum(ReputationEntry.points), 0))
        .where(ReputationEntry.recipient_id == User.id)
        .scalar_subquery()
    )
    db.session.execute(update(User).values(reputation=totals).execution_options(synchronize_session=False))
    db.session.execute(delete(DailyScore))
    points = (
        select(
            ReputationEntry.recipient_id,
            ReputationEntry.score_day,
            literal(Metric.REPUTATION.value),
            func.sum(ReputationEntry.points),
        )
        .group_by(ReputationEntry.recipient_id, ReputationEntry.score_day)
        .having(func.sum(ReputationEntry.points) != 0)
    )
    db.session.execute(insert(DailyScore).from_select(["user_id", "day", "metric", "value"], points))
    for event, metric in COUNTED_METRIC.items():
        sign = case((ReputationEntry.reverses_id.is_(None), 1), else_=-1)
        counts = (
            select(ReputationEntry.recipient_id, ReputationEntry.score_day, literal(metric.value), func.sum(sign))
            .where(
                ReputationEntry.event == event.value, or_(ReputationEntry.points != 0, ReputationEntry.base_points == 0)
            )
            .group_by(ReputationEntry.recipient_id, ReputationEntry.score_day)
        )
        db.session.execute(insert(DailyScore).from_select(["user_id", "day", "metric", "value"], counts))
    db.session.execute(delete(PeriodScore))
    dialect_name = db.session.get_bind().dialect.name
    for period in Period:
        db.session.execute(
            insert(PeriodScore).from_select(
                ["metric", "period", "starts_on", "user_id", "value", "division_id", "is_active"],
                period_totals_from_daily_scores(period, dialect_name),
            )
        )
    recompute_levels()
    db.session.expire_all()


def period_totals_from_daily_scores(period: Period, dialect_name: str):
    """Each person's sum of each metric over every `period` they scored in, with their
    division and whether they are active, as a select."""
    starts_on = period_starts_on_sql(period, DailyScore.day, dialect_name)
    keys = [DailyScore.metric, DailyScore.user_id, User.division_id, User.is_active]
    return (
        select(
            DailyScore.metric,
            literal(period.value),
            starts_on,
            DailyScore.user_id,
            func.sum(DailyScore.value),
            User.division_id,
            User.is_active,
        )
        .join(User, User.id == DailyScore.user_id)
        .group_by(*keys, *([] if period == Period.ALL else [starts_on]))
    )
