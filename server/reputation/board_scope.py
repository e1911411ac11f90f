"""A person's period totals follow them: into another division, out of and back into the boards."""

from sqlalchemy import update

from server.extensions import db
from server.reputation.models import PeriodScore


def rescope_period_scores(*, user_id: int, division_id: int, is_active: bool) -> None:
    """Put every period total of `user_id` in `division_id`'s boards and count it on the boards
    while `is_active` (in the same transaction as the move or the (de)activation, so no board
    shows them where they no longer are)."""
    db.session.execute(
        update(PeriodScore)
        .where(PeriodScore.user_id == user_id)
        .values(division_id=division_id, is_active=is_active)
        .execution_options(synchronize_session=False)
    )
