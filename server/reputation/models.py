"""The reputation ledger and the daily score table derived from it."""

import functools
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, and_, exists, text
from sqlalchemy.orm import Mapped, aliased, mapped_column

from server.common.types import UTCDateTime
from server.extensions import db


class ReputationEntry(db.Model):
    """One line of the ledger. Never updated or deleted: an undo writes a reversing entry.

    `points` is what the entry earned after caps; `base_points` what the event is worth.
    A reversal has `reverses_id` set, the opposite points, and the original's `score_day`,
    so a period's scores lose exactly what the original gave them.
    """

    __tablename__ = "reputation_entries"
    __table_args__ = (
        Index("ix_reputation_entries_recipient_id_id", "recipient_id", "id"),
        Index("ix_reputation_entries_source", "source_type", "source_id"),
        Index("ix_reputation_entries_actor_recipient_created", "actor_id", "recipient_id", "created_at"),
        # One reversal per entry. Partial, over reversals only: a unique index on the whole
        # column led SQLite to answer every `reverses_id IS NULL` (live credits) by walking it,
        # that is the whole ledger, instead of the actor/recipient index.
        Index(
            "ux_reputation_entries_reverses_id",
            "reverses_id",
            unique=True,
            sqlite_where=text("reverses_id IS NOT NULL"),
            postgresql_where=text("reverses_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(32))
    points: Mapped[int] = mapped_column(Integer)
    base_points: Mapped[int] = mapped_column(Integer)
    cap_reason: Mapped[str | None] = mapped_column(String(32))
    cross_division: Mapped[bool] = mapped_column(default=False)
    source_type: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int] = mapped_column(Integer)
    # The post the source belongs to, so a history line can link to it.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("reputation_entries.id"))
    score_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


def is_live(entry=None):
    """A condition: the entry (`ReputationEntry` or an alias of it) stands: it is neither a
    reversal nor reversed."""
    entry = entry if entry is not None else ReputationEntry
    reversal = reversal_alias()
    return and_(entry.reverses_id.is_(None), ~exists().where(reversal.reverses_id == entry.id))


@functools.cache
def reversal_alias():
    """The alias `is_live` looks for a reversal through, made once: an alias sets up a copy of
    every column on first use, which cost more than the rest of a ledger read. One alias
    serves every condition, each in a subquery of its own."""
    return aliased(ReputationEntry)


class DailyScore(db.Model):
    """A person's total for one leaderboard metric on one day (firm time zone)."""

    __tablename__ = "daily_scores"
    __table_args__ = (Index("ix_daily_scores_metric_day", "metric", "day"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class PeriodScore(db.Model):
    """A person's running total of one leaderboard metric over one calendar period: the sum
    of their daily scores in it. `starts_on` is the period's first day (see shared/periods.py;
    the all-time period uses `ALL_TIME_STARTS_ON`).

    Kept in the same transaction as the daily scores, so any board is a read of one row per
    person instead of an aggregation of every day of the period. The person's division and
    whether their account is active are kept on the row too (with each score, each move
    and each (de)activation), so that a board of the firm or of one division, and how many
    people in it are ahead of someone, are ranges of one index, never a visit to each person.
    """

    __tablename__ = "period_scores"
    # Each covers a board: one period's active people (of the firm, or of one division) in
    # board order, (read backwards for highest first), without visiting the table.
    __table_args__ = (
        Index("ix_period_scores_board", "metric", "period", "starts_on", "is_active", "value", "user_id"),
        Index(
            "ix_period_scores_division_board",
            "metric",
            "period",
            "starts_on",
            "division_id",
            "is_active",
            "value",
            "user_id",
        ),
    )

    metric: Mapped[str] = mapped_column(String(16), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    starts_on: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"))
    is_active: Mapped[bool] = mapped_column(Boolean)
