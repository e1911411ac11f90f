"""The users table."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.divisions.models import Division
from server.extensions import db
from server.tags.models import Tag, user_expertise
from shared.enums import Role


class User(db.Model):
    """A person at the firm. `reputation` is materialised from the reputation ledger."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # None for a person who signs in only with their company account (single sign-on).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(String(120))
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    reputation: Mapped[int] = mapped_column(Integer, default=0)
    # Materialised with reputation: the level its points reach, held back by breadth (levels 4+).
    level: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The highest level ever reached: a level-up is announced once, not again after a dip.
    highest_level: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # When their own credits started to count (shared/fair_game.py); None while they are held.
    established_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    division: Mapped[Division] = relationship(lazy="joined")
    # Loaded when a profile is shown, not on every authenticated request.
    expertise: Mapped[list[Tag]] = relationship(secondary=user_expertise, lazy="select", order_by=Tag.name)

    @property
    def is_admin(self) -> bool:
        """Admins hold every privilege and see every post."""
        return self.role == Role.ADMIN.value
