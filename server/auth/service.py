"""Accounts and sessions: register, log in, refresh, log out."""

from flask import request
from flask_smorest import abort
from sqlalchemy import select

from server.auth import throttle
from server.auth.passwords import hash_password, password_matches, spend_verification_time
from server.auth.tokens import FAMILY_CLAIM, issue_tokens, revoke_family, rotate_refresh_token
from server.common.clock import utcnow
from server.database import commit_now
from server.divisions.service import require_division
from server.extensions import db
from server.users.models import User
from server.users.service import profile_of
from shared.enums import Role


def register(*, email: str, password: str, display_name: str, division_id: int) -> dict:
    """Create a member account and sign it in."""
    require_division(division_id=division_id)
    if db.session.execute(select(User.id).where(User.email == email)).first():
        abort(409, message="An account with this email already exists; sign in instead.")
    now = utcnow()
    user = User(email=email, password_hash=hash_password(password), display_name=display_name,
                division_id=division_id, role=Role.MEMBER.value, reputation=0,
                created_at=now, updated_at=now)
    db.session.add(user)
    db.session.flush()
    return session_for(user)


def log_in(*, email: str, password: str) -> dict:
    """Sign in with email and password; failures are throttled per email."""
    throttle.refuse_if_throttled(email=email)
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        spend_verification_time(password)
    valid = user is not None and user.is_active and password_matches(user.password_hash, password)
    throttle.record_attempt(email=email, address=request.remote_addr, succeeded=valid)
    if not valid:
        # The failure must count even though the error response rolls the request back.
        commit_now()
        abort(401, message="Wrong email or password.")
    return session_for(user)


def refresh(*, user: User, claims: dict) -> dict:
    """A new token pair for a valid, unused refresh token (rotation)."""
    return rotate_refresh_token(user=user, claims=claims)


def log_out(*, claims: dict) -> None:
    """Revoke the presented token's session: its access and refresh tokens stop working."""
    revoke_family(family_id=claims.get(FAMILY_CLAIM), reason="logout")


def session_for(user: User) -> dict:
    """The signed-in answer: the user's own profile and a fresh token pair."""
    return {"user": profile_of(user=user), **issue_tokens(user=user)}
