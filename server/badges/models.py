"""The badges people hold."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.common.types import UTCDateTime
from server.extensions import db


class UserBadge(db.Model):
    """A badge a person earned; the unique constraint keeps it to once."""

    __tablename__ = "user_badges"
    __table_args__ = (UniqueConstraint("user_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    slug: Mapped[str] = mapped_column(String(32))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
