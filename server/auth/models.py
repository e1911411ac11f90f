"""Token families and refresh tokens (kept so revocation survives restarts), and login throttles."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
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
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sealed_successor: Mapped[str | None] = mapped_column(Text)


class LoginThrottle(db.Model):
    """Failed sign-ins counted under one throttle key (server.auth.throttle), and the moment
    before which that key's next attempt is refused."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
