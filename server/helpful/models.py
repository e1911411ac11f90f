"""The helpful votes table."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.contributions.models import ReactionColumns
from server.extensions import db


class HelpfulVote(ReactionColumns, db.Model):
    """One person's helpful vote on one post or one answer."""

    __tablename__ = "helpful_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
