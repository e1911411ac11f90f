"""The helpful votes table."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db


class HelpfulVote(db.Model):
    """One person's helpful vote on one post or one answer."""

    __tablename__ = "helpful_votes"
    __table_args__ = (
        CheckConstraint("(post_id IS NULL) <> (answer_id IS NULL)", name="one_target"),
        UniqueConstraint("user_id", "post_id"),
        UniqueConstraint("user_id", "answer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
