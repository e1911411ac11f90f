"""Access and refresh tokens: families, rotation, reuse detection and revocation.

Every sign-in starts a token family. Refreshing exchanges a refresh token for a new pair
in the same family and marks the old one used; presenting a used refresh token again means
it was stolen or replayed, so the whole family is revoked. Logging out revokes the family,
which revokes every access and refresh token it issued.
"""

import functools
import uuid
from datetime import datetime

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_smorest import abort
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import lazyload

from server.auth.models import RefreshToken, TokenFamily
from server.common.clock import utcnow
from server.database import commit_now
from server.extensions import db
from server.users.models import User

FAMILY_CLAIM = "fam"


def issue_tokens(*, user: User, family_id: str | None = None) -> dict[str, str]:
    """A new access and refresh token pair for `user`, in a new family unless one is given."""
    if family_id is None:
        family_id = str(uuid.uuid4())
        db.session.add(TokenFamily(id=family_id, user_id=user.id, created_at=utcnow()))
        db.session.flush()  # the refresh token row refers to the family
    claims = {FAMILY_CLAIM: family_id}
    identity = str(user.id)
    access_token = create_access_token(identity=identity, additional_claims=claims)
    refresh_token = create_refresh_token(identity=identity, additional_claims=claims)
    decoded = decode_token(refresh_token)
    db.session.add(RefreshToken(
        jti=decoded["jti"],
        family_id=family_id,
        expires_at=utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"],
    ))
    db.session.flush()
    return {"access_token": access_token, "refresh_token": refresh_token}


def rotate_refresh_token(*, user: User, claims: dict) -> dict[str, str]:
    """Exchange a refresh token for a new pair; a reused one revokes its whole family."""
    family_id = claims.get(FAMILY_CLAIM)
    used = db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.jti == claims["jti"], RefreshToken.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if used != 1:
        revoke_family(family_id=family_id, reason="refresh reuse")
        # Committed now: the error response rolls the request back, the revocation must stay.
        commit_now()
        abort(401, message="This refresh token was already used; sign in again.")
    return issue_tokens(user=user, family_id=family_id)


def revoke_family(*, family_id: str | None, reason: str) -> None:
    """Revoke every token of a family (no-op when it is already revoked or unknown)."""
    if family_id is None:
        return
    db.session.execute(
        update(TokenFamily)
        .where(TokenFamily.id == family_id, TokenFamily.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def token_holder(claims: dict) -> User | None:
    """The active user a token speaks for, or None when its family is revoked or unknown.

    One query answers both questions every authenticated request asks.
    """
    family_id = claims.get(FAMILY_CLAIM)
    try:
        user_id = int(claims["sub"])
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(family_id, str):
        return None
    # Both ids are primary keys, so there is at most one row: take the first rather than
    # fetch again to prove there is no second.
    return db.session.execute(token_holder_statement(), {"family_id": family_id, "user_id": user_id}
                              ).scalar()


@functools.cache
def token_holder_statement():
    """The token-holder query, built once: every authenticated request runs it."""
    # The division is loaded when a view asks for it; most requests never do.
    return (select(User).options(lazyload(User.division))
            .join(TokenFamily, TokenFamily.user_id == User.id)
            .where(TokenFamily.id == bindparam("family_id"), TokenFamily.revoked_at.is_(None),
                   User.id == bindparam("user_id")))


def prune_expired_tokens(*, now: datetime) -> int:
    """Delete refresh tokens past their expiry; returns how many went."""
    return db.session.execute(delete(RefreshToken).where(RefreshToken.expires_at < now)).rowcount
