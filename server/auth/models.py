"""Token families, refresh tokens and login attempts, kept so revocation survives restarts."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db


class TokenFamily(db.Model):
    """One sign-in session: every access and refresh token it yields carries its id.

    Revoking the family (logout, or a reused refresh token) revokes all of them at once.
    """

    __tablename__ = "token_families"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class RefreshToken(db.Model):
    """A refresh token by its `jti`; `used_at` is set when it is exchanged (rotation).

    `sealed_successor` is the pair it was exchanged for, encrypted with a key only the
    presented token itself yields (server.auth.tokens): within the grace window the same
    token answers the same pair again, and nothing in the table is a usable token.
    """

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str] = mapped_column(
        ForeignKey("token_families.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sealed_successor: Mapped[str | None] = mapped_column(Text)


class LoginAttempt(db.Model):
    """A sign-in attempt, kept for a while to slow down password guessing."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_attempted_at", "email", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
