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
from sqlalchemy import Row, bindparam, delete, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from server.auth.models import RefreshToken, TokenFamily
from server.common.clock import utcnow
from server.database import commit_now
from server.extensions import db
from server.thread_connections import first_row_outside_request
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


def token_holder(claims: dict) -> Row | None:
    """The `users` row of the person a token speaks for, or None when its family is revoked
    or unknown.

    One query answers both questions every authenticated request asks, on the thread's own
    connection (see server.thread_connections). It returns a plain row, not a User: most of
    what an ORM load costs is building the object, and a request that needs only the
    caller's id (a leaderboard read) never needs it; `user_from_row` builds it for the rest.
    """
    family_id = claims.get(FAMILY_CLAIM)
    try:
        user_id = int(claims["sub"])
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(family_id, str):
        return None
    # Both ids are primary keys, so there is at most one row: take the first rather than
    # fetch again to prove there is no second. Outside the request's unit of work: the
    # answer is what is committed now, and asking costs one statement and nothing else.
    return first_row_outside_request(token_holder_statement(), {"family_id": family_id, "user_id": user_id})


@functools.cache
def token_holder_statement():
    """The token-holder query over the tables (no ORM entities), built once: every
    authenticated request runs it."""
    users, families = User.__table__, TokenFamily.__table__
    return (select(users)
            .join(families, families.c.user_id == users.c.id)
            .where(families.c.id == bindparam("family_id"), families.c.revoked_at.is_(None),
                   users.c.id == bindparam("user_id")))


def user_from_row(row: Row) -> User:
    """The session's User for a row of every `users` column, as if the ORM had loaded it.

    The user built from the row has no pending changes (SQLAlchemy's
    `make_transient_to_detached` resets its history as after a load) and joins the session
    as a persistent object: changing it is saved, relationships load when first read. If
    the session already holds that user, that object is the one returned.
    """
    existing = db.session.identity_map.get(identity_key(User, row.id))
    if existing is not None:
        return existing
    user = User(**row._mapping)
    make_transient_to_detached(user)
    db.session.add(user)
    return user


def prune_expired_tokens(*, now: datetime) -> int:
    """Delete refresh tokens past their expiry; returns how many went."""
    return db.session.execute(delete(RefreshToken).where(RefreshToken.expires_at < now)).rowcount
