"""Company accounts linked to people, and sign-ins in progress."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db
from server.users.models import User


class UserIdentity(db.Model):
    """A person's account at the firm's identity provider: the provider's `sub` for them."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SignInStatus(StrEnum):
    STARTED = "started"  # the browser is on its way to the provider
    VERIFYING = "verifying"  # the callback arrived; Quid is checking it with the provider
    AUTHENTICATED = "authenticated"  # verified; waiting for the person to confirm in the browser
    CONFIRMED = "confirmed"  # confirmed; the app may collect its tokens
    COLLECTED = "collected"  # the app has its tokens: the ticket is spent
    FAILED = "failed"  # refused; `error_message` says why


class SsoSignIn(db.Model):
    """One sign-in with the company account, from the app's start to its tokens.

    The app's ticket and the browser's confirmation secret are kept as digests only.
    """

    __tablename__ = "sso_sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_digest: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(128), unique=True)
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    redirect_uri: Mapped[str] = mapped_column(String(1000))
    confirmation_code: Mapped[str] = mapped_column(String(8))
    confirm_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=SignInStatus.STARTED.value)
    issuer: Mapped[str | None] = mapped_column(String(500))
    subject: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(254))
    display_name: Mapped[str | None] = mapped_column(String(80))
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"))
    role: Mapped[str | None] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    error_status: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
