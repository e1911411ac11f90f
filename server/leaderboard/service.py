"""Leaderboards read straight from the period totals kept beside the daily scores.

A board is each person's sum of one metric's daily scores over a calendar period, kept as a
running total (PeriodScore) in the same transaction as the daily scores, so every read
shows every point already committed, on every worker. It covers the firm or one division,
in competition ranking (1, 2, 2, 4) with ties ordered by user id; the board lists the
people who scored above zero, and everyone gets their own rank.

Each read is a few indexed statements: the top of the board, the caller's own total, and how
many people in the scope are ahead of it, which is their rank. Every total carries its
person's division and whether they are active, so a scope's totals in score order are one
range of `ix_period_scores_board` (the firm) or `ix_period_scores_division_board`; the count
of those ahead walks that range in the index alone, never a person's row.
"""

from sqlalchemy import func, select, true

from server.common.clock import utcnow
from server.divisions.models import Division
from server.divisions.service import require_division
from server.extensions import db
from server.leaderboard.periods import period_bounds
from server.reputation.models import PeriodScore
from server.users.models import User
from shared.periods import ALL_TIME_STARTS_ON
from shared.rules import Metric, Period


def leaderboard(*, viewer_id: int, metric: Metric, period: Period, division_id: int | None, limit: int) -> dict:
    """The top `limit` people who scored above zero and the viewer's own rank and score;
    an unknown division is refused with 422 naming the `division` query argument."""
    if division_id is not None:
        require_division(division_id=division_id, location="query")
    starts_on, ends_on = period_bounds(period, utcnow())
    scope = Scope(metric=metric, period=period, starts_on=starts_on or ALL_TIME_STARTS_ON, division_id=division_id)
    return {
        "metric": metric.value,
        "period": period.value,
        "division_id": division_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "items": scope.top(limit),
        "me": scope.standing(viewer_id),
    }


class Scope:
    """One board: the active people (of one division, or the firm) and their totals of one
    metric over the period starting on `starts_on`."""

    def __init__(self, *, metric: Metric, period: Period, starts_on, division_id: int | None):
        self.metric, self.period, self.starts_on, self.division_id = metric, period, starts_on, division_id

    def _totals(self, *columns):
        statement = (
            select(*columns)
            .select_from(PeriodScore)
            .where(
                PeriodScore.metric == self.metric.value,
                PeriodScore.period == self.period.value,
                PeriodScore.starts_on == self.starts_on,
                PeriodScore.is_active == true(),
            )
        )
        if self.division_id is not None:
            statement = statement.where(PeriodScore.division_id == self.division_id)
        return statement

    def top(self, limit: int) -> list[dict]:
        """The first `limit` people above zero, ranked; ties share a rank (1, 2, 2, 4)."""
        leaders = (
            self._totals(PeriodScore.user_id, PeriodScore.value)
            .where(PeriodScore.value > 0)
            .order_by(PeriodScore.value.desc(), PeriodScore.user_id)
            .limit(limit)
            .subquery()
        )
        # The people are read only for the board's own rows, after the index found them.
        rows = db.session.execute(
            select(User, leaders.c.value)
            .join(leaders, leaders.c.user_id == User.id)
            .order_by(leaders.c.value.desc(), leaders.c.user_id)
        ).all()
        return [
            {"rank": rank, "user": user, "score": score}
            for rank, (user, score) in zip(competition_ranks([score for _, score in rows]), rows, strict=True)
        ]

    def standing(self, user_id: int) -> dict:
        """The rank and score of `user_id`: one more than the number of people in the scope
        with a higher total (someone with no total, or outside the scope, has zero, tying
        behind every positive)."""
        score = (
            db.session.execute(
                self._totals(PeriodScore.value).where(PeriodScore.user_id == user_id)
            ).scalar_one_or_none()
            or 0
        )
        ahead = db.session.execute(self._totals(func.count()).where(PeriodScore.value > score)).scalar_one()
        if score < 0:
            # Everyone in the scope without a total of their own is on zero, ahead of it too.
            ahead += self._members() - db.session.execute(self._totals(func.count())).scalar_one()
        return {"rank": ahead + 1, "score": score}

    def _members(self) -> int:
        """Active people in the scope: the divisions' own counts (kept with every join, move
        and (de)activation); everyone belongs to one division."""
        statement = select(func.coalesce(func.sum(Division.people), 0))
        if self.division_id is not None:
            statement = statement.where(Division.id == self.division_id)
        return db.session.execute(statement).scalar_one()


def competition_ranks(scores: list[int]) -> list[int]:
    """The ranks of `scores` in board order, from 1: equal scores share one (1, 2, 2, 4)."""
    ranks, previous = [], None
    for position, score in enumerate(scores, start=1):
        ranks.append(position if score != previous else ranks[-1])
        previous = score
    return ranks
