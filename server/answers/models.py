"""The answers table."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db
from server.posts.models import Post
from server.users.models import User


class Answer(db.Model):
    """An answer to a challenge; `accepted_at` is set while the asker has accepted it."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The author's own insight this answer points to ("my insight may answer this").
    insight_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    # Set while an admin keeps it hidden (server.moderation): only its author and admins see it.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    post: Mapped[Post] = relationship(lazy="joined", innerjoin=True, foreign_keys=[post_id])
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True, foreign_keys=[author_id])
