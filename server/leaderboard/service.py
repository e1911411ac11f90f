"""Leaderboards over the period totals kept beside the daily scores (never the raw ledger).

A board is each person's sum of one metric's daily scores over a calendar period (read from
their running total of that period, kept in the same transaction as the daily scores), for
the firm or one division, in competition ranking (1, 2, 2, 4) with ties ordered by user id;
the board lists the people who scored above zero, and everyone gets their own rank.
A computed board is kept in the worker's memory for `LEADERBOARD_CACHE_SECONDS` (0 computes
every time) and recomputed in the background while it is read (kept_boards.py), so a
burst of readers costs one read, and the caller's rank is a dictionary lookup.
The board's top is serialised and JSON-encoded once per board and page size: it is most of
every reader's response and the same for all of them.
"""

from datetime import date
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from server.common.clock import utcnow
from server.divisions.service import require_division
from server.extensions import db
from server.leaderboard.kept_boards import kept_board
from server.leaderboard.periods import period_bounds
from server.leaderboard.schemas import RankedUserSchema
from server.reputation.models import PeriodScore
from server.users.models import User
from shared.limits import PAGE_MAX_LIMIT
from shared.periods import ALL_TIME_STARTS_ON
from shared.rules import Metric, Period

COMPACT = (",", ":")  # the separators of Flask's compact JSON responses


@dataclass
class Board:
    """The people who scored above zero in rank order, everyone's non-zero (rank, score),
    and the top of the board already serialised (the part every reader shares)."""

    ranked: list[tuple[int, int, int]]  # (rank, user_id, score), scores above zero only
    by_user: dict[int, tuple[int, int]]
    top_items: list[dict]
    _encoded_tops: dict = field(default_factory=dict)

    def standing(self, user_id: int) -> dict:
        """The rank and score of `user_id`; someone with no score ties after every positive one."""
        if user_id in self.by_user:
            rank, score = self.by_user[user_id]
            return {"rank": rank, "score": score}
        return {"rank": len(self.ranked) + 1, "score": 0}

    def encoded_top(self, limit: int) -> str:
        """The first `limit` items as compact JSON, encoded once per page size."""
        key = (limit, current_app.json.ensure_ascii)
        if key not in self._encoded_tops:
            self._encoded_tops[key] = current_app.json.dumps(self.top_items[:limit], separators=COMPACT)
        return self._encoded_tops[key]


@dataclass(frozen=True)
class Standings:
    """What one reader is shown: the board's description, its top `limit`, their own standing."""

    head: dict
    board: Board
    limit: int
    me: dict


def leaderboard(*, viewer_id: int, metric: Metric, period: Period, division_id: int | None, limit: int) -> Standings:
    """The top `limit` people and the viewer's own rank and score (the viewer needs no
    loading: a leaderboard read is the most frequent request); an unknown division is
    refused with 422 naming the `division` query argument."""
    starts_on, ends_on = period_bounds(period, utcnow())
    board = cached_board(metric=metric, period=period, starts_on=starts_on, division_id=division_id)
    head = {
        "metric": metric.value, "period": period.value, "division_id": division_id,
        "starts_on": starts_on.isoformat() if starts_on else None,
        "ends_on": ends_on.isoformat() if ends_on else None,
    }
    return Standings(head=head, board=board, limit=limit, me=board.standing(viewer_id))


def cached_board(*, metric: Metric, period: Period, starts_on: date | None, division_id: int | None) -> Board:
    """The board for these arguments as kept by this worker (see kept_boards.py)."""
    key = (current_app.config["SQLALCHEMY_DATABASE_URI"], metric, period, starts_on, division_id)
    return kept_board(key, lambda: compute_board(metric=metric, period=period, starts_on=starts_on,
                                                 division_id=division_id))


def compute_board(*, metric: Metric, period: Period, starts_on: date | None, division_id: int | None) -> Board:
    """Rank the people's running totals of `metric` for the period starting on `starts_on`."""
    if division_id is not None:
        # Checked with each computation rather than each request: divisions are never
        # deleted, so a board that was computed names a division that still exists.
        require_division(division_id=division_id, location="query")
    statement = (select(PeriodScore.user_id, PeriodScore.value)
                 .join(User, User.id == PeriodScore.user_id)
                 .where(PeriodScore.metric == metric.value, PeriodScore.period == period.value,
                        PeriodScore.starts_on == (starts_on or ALL_TIME_STARTS_ON),
                        PeriodScore.value != 0, User.is_active.is_(True))
                 .order_by(PeriodScore.value.desc(), PeriodScore.user_id))
    if division_id is not None:
        statement = statement.where(User.division_id == division_id)
    scores = db.session.execute(statement).all()
    positive = [(user_id, value) for user_id, value in scores if value > 0]
    ranked = competition_ranks(positive, ahead=0)
    by_user = {user_id: (rank, value) for rank, user_id, value in ranked}
    negative = scores[len(positive):]
    if negative:
        # A period's reputation falls below zero with a broken promise: everyone in the
        # scope who scored nothing ties ahead of it.
        on_zero = count_members(division_id=division_id) - len(scores)
        by_user.update((user_id, (rank, value)) for rank, user_id, value
                       in competition_ranks(negative, ahead=len(positive) + on_zero))
    return Board(ranked, by_user, serialise_top(ranked[:PAGE_MAX_LIMIT]))


def competition_ranks(scores: list[tuple[int, int]], *, ahead: int) -> list[tuple[int, int, int]]:
    """(rank, user_id, score) for `scores` in board order, behind `ahead` people: 1, 2, 2, 4."""
    ranked, previous_score, rank = [], None, 0
    for position, (user_id, value) in enumerate(scores, start=ahead + 1):
        if value != previous_score:
            rank, previous_score = position, value
        ranked.append((rank, user_id, value))
    return ranked


def count_members(*, division_id: int | None) -> int:
    """How many active people a board's scope holds (everyone on it, scored or not)."""
    statement = select(func.count()).select_from(User).where(User.is_active.is_(True))
    if division_id is not None:
        statement = statement.where(User.division_id == division_id)
    return db.session.execute(statement).scalar_one()


def serialise_top(top: list[tuple[int, int, int]]) -> list[dict]:
    """The board's first entries as the API shows them."""
    users = {user.id: user for user in db.session.execute(
        select(User).where(User.id.in_([user_id for _, user_id, _ in top]))).scalars()}
    return RankedUserSchema(many=True).dump(
        [{"rank": rank, "user": users[user_id], "score": score} for rank, user_id, score in top])
