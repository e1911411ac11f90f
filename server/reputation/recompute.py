"""Rebuild the materialised reputation and the daily scores from the ledger alone.

Used after a data repair, and by the tests to prove the incremental figures right.
"""

from sqlalchemy import case, delete, func, insert, literal, select, update

from server.extensions import db
from server.reputation.models import DailyScore, MetricTotal, ReputationEntry
from server.users.models import User
from shared.rules import COUNTED_METRIC, Metric


def recompute_all() -> None:
    """Replace every user's reputation, every daily score and every all-time total with sums
    over the ledger."""
    totals = (select(func.coalesce(func.sum(ReputationEntry.points), 0))
              .where(ReputationEntry.recipient_id == User.id).scalar_subquery())
    db.session.execute(update(User).values(reputation=totals).execution_options(synchronize_session=False))
    db.session.execute(delete(DailyScore))
    points = (select(ReputationEntry.recipient_id, ReputationEntry.score_day,
                     literal(Metric.REPUTATION.value), func.sum(ReputationEntry.points))
              .group_by(ReputationEntry.recipient_id, ReputationEntry.score_day)
              .having(func.sum(ReputationEntry.points) != 0))
    db.session.execute(insert(DailyScore).from_select(["user_id", "day", "metric", "value"], points))
    for event, metric in COUNTED_METRIC.items():
        sign = case((ReputationEntry.reverses_id.is_(None), 1), else_=-1)
        counts = (select(ReputationEntry.recipient_id, ReputationEntry.score_day,
                         literal(metric.value), func.sum(sign))
                  .where(ReputationEntry.event == event.value)
                  .group_by(ReputationEntry.recipient_id, ReputationEntry.score_day))
        db.session.execute(insert(DailyScore).from_select(["user_id", "day", "metric", "value"], counts))
    db.session.execute(delete(MetricTotal))
    totals = (select(DailyScore.user_id, DailyScore.metric, func.sum(DailyScore.value))
              .group_by(DailyScore.user_id, DailyScore.metric))
    db.session.execute(insert(MetricTotal).from_select(["user_id", "metric", "value"], totals))
    db.session.expire_all()
