"""The notifications table."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.types import UTCDateTime
from server.extensions import db
from server.users.models import User


class Notification(db.Model):
    """Something that happened for `user_id`, caused by `actor_id` (none for level-ups)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_id_read_at_id", "user_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"))
    trade_id: Mapped[int | None] = mapped_column(ForeignKey("trades.id"))
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
