"""The invitations table."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.divisions.models import Division
from server.extensions import db


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Invitation(db.Model):
    """A single-use, expiring code that lets one email address join in one division and role.

    Only the code's digest is kept; the code itself is shown once to the admin (and mailed).
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"))
    role: Mapped[str] = mapped_column(String(16))
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_error: Mapped[str | None] = mapped_column(String(300))

    division: Mapped[Division] = relationship(lazy="joined")

    def state_at(self, now: datetime) -> InvitationState:
        """Where the invitation stands at `now`."""
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= now:
            return InvitationState.EXPIRED
        return InvitationState.PENDING
