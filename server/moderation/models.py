"""The flags table: someone's report that a post or an answer should not be up."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db
from server.users.models import User
from shared.moderation import FlagReason, FlagState


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value.value) for value in values)})"


class Flag(db.Model):
    """A flag on a post (`answer_id` null) or on one of its answers (`post_id` is then the
    answer's post, so that the queue groups by the pair and a post's flags are one lookup).

    One open flag per person and item: two partial unique indexes (a post's flags have no
    answer id, and NULLs are distinct in a unique index) stop a repeat even when two
    requests race.
    """

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(_one_of("reason", FlagReason), name="reason"),
        CheckConstraint(_one_of("state", FlagState), name="state"),
        Index("ix_flags_state_id", "state", "id"),
        Index("ix_flags_flagger_id_id", "flagger_id", "id"),
        Index("ix_flags_post_id_answer_id", "post_id", "answer_id"),
        Index(
            "uq_flags_open_post",
            "flagger_id",
            "post_id",
            unique=True,
            sqlite_where=text("state = 'open' AND answer_id IS NULL"),
            postgresql_where=text("state = 'open' AND answer_id IS NULL"),
        ),
        Index(
            "uq_flags_open_answer",
            "flagger_id",
            "answer_id",
            unique=True,
            sqlite_where=text("state = 'open' AND answer_id IS NOT NULL"),
            postgresql_where=text("state = 'open' AND answer_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flagger_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"))
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=FlagState.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    flagger: Mapped[User] = relationship(foreign_keys=[flagger_id], lazy="joined", innerjoin=True)
