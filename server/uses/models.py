"""The uses table."""

from datetime import datetime

from sqlalchemy import Boolean, Float, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.contributions.models import ReactionColumns
from server.extensions import db
from server.users.models import User


class Use(ReactionColumns, db.Model):
    """One person's use of one insight (`post_id`) or one answer (`answer_id`)."""

    __tablename__ = "uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(String(2000))
    hours_saved: Mapped[float | None] = mapped_column(Float)
    deal_influenced: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
