"""The uses table."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db
from server.users.models import User


class Use(db.Model):
    """One person's use of one insight (`post_id`) or one answer (`answer_id`)."""

    __tablename__ = "uses"
    __table_args__ = (
        CheckConstraint("(post_id IS NULL) <> (answer_id IS NULL)", name="one_target"),
        UniqueConstraint("user_id", "post_id"),
        UniqueConstraint("user_id", "answer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), index=True)
    note: Mapped[str] = mapped_column(String(2000))
    hours_saved: Mapped[float | None] = mapped_column(Float)
    deal_influenced: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
