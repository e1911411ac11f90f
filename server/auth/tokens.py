"""Access and refresh tokens: families, rotation, reuse detection and revocation.

Every sign-in starts a token family. Refreshing exchanges a refresh token for a new pair
in the same family and marks the old one used; presenting a used refresh token again means
it was stolen or replayed, so the whole family is revoked. Logging out revokes the family,
which revokes every access and refresh token it issued.

A client can lose the answer to a refresh (the connection drops) or send the same refresh
token twice at once (two tabs, two threads). So within a short grace window
(`REFRESH_GRACE_SECONDS`) a used refresh token answers the very pair it was exchanged for;
only after the window does presenting it again revoke the family. That pair is kept with
the used token's row, encrypted with a key derived from the presented token itself and the
server's secret: the database never holds a usable token, and only whoever holds the old
refresh token can open it. Concurrent exchanges are ordered by the row: the first claims it
(an UPDATE of an unused row), the others wait for its commit and then read the sealed pair.
"""

import base64
import functools
import hashlib
import hmac
import json
import uuid
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, request
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_smorest import abort
from sqlalchemy import Select, bindparam, delete, select, update

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
    db.session.add(
        RefreshToken(
            jti=decoded["jti"],
            family_id=family_id,
            expires_at=utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"],
        )
    )
    db.session.flush()
    return {"access_token": access_token, "refresh_token": refresh_token}


def rotate_refresh_token(*, user: User, claims: dict, presented_token: str) -> dict[str, str]:
    """Exchange a refresh token for a new pair.

    A token used within the grace window answers the pair it was exchanged for; a token
    used before that revokes its whole family. `presented_token` is the encoded refresh
    token as it came (its claims are `claims`): it seals and opens the kept pair.
    """
    family_id = claims.get(FAMILY_CLAIM)
    jti = claims["jti"]
    now = utcnow()
    # The claim: on PostgreSQL a concurrent exchange of the same token waits here on the
    # row lock until this transaction ends; on SQLite writers are serialised already.
    claimed = db.session.execute(
        update(RefreshToken).where(RefreshToken.jti == jti, RefreshToken.used_at.is_(None)).values(used_at=now)
    ).rowcount
    if claimed == 1:
        pair = issue_tokens(user=user, family_id=family_id)
        db.session.execute(
            update(RefreshToken)
            .where(RefreshToken.jti == jti)
            .values(sealed_successor=seal_pair(pair, presented_token))
        )
        return pair
    pair = pair_within_grace(jti=jti, presented_token=presented_token, now=now)
    if pair is not None:
        return pair
    revoke_family(family_id=family_id, reason="refresh reuse")
    # Committed now: the error response rolls the request back, the revocation must stay.
    commit_now()
    abort(401, message="This refresh token was already used; sign in again.")


def pair_within_grace(*, jti: str, presented_token: str, now: datetime) -> dict[str, str] | None:
    """The pair a used refresh token was exchanged for, if it was used within the grace
    window and the kept pair opens with it; None otherwise."""
    row = db.session.execute(
        select(RefreshToken.used_at, RefreshToken.sealed_successor).where(RefreshToken.jti == jti)
    ).one_or_none()
    if row is None or row.used_at is None or row.sealed_successor is None:
        return None
    if now - row.used_at > refresh_grace():
        return None
    return open_pair(row.sealed_successor, presented_token)


def refresh_grace() -> timedelta:
    """How long a used refresh token still answers the pair it was exchanged for."""
    return timedelta(seconds=current_app.config["REFRESH_GRACE_SECONDS"])


def presented_token() -> str:
    """The encoded bearer token of this request, as the guard that verified it read it."""
    parts = request.headers.get(current_app.config["JWT_HEADER_NAME"], "").split()
    return parts[-1] if parts else ""


def sealing_key(presented_token: str) -> Fernet:
    """The key that seals the successor of `presented_token`: derived from that token and
    the server's secret, so neither the database nor the secret alone opens it."""
    secret = current_app.config["JWT_SECRET_KEY"].encode()
    digest = hmac.new(secret, b"quid refresh successor\0" + presented_token.encode(), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal_pair(pair: dict[str, str], presented_token: str) -> str:
    """`pair`, encrypted and authenticated under the key of `presented_token`."""
    return sealing_key(presented_token).encrypt(json.dumps(pair).encode()).decode()


def open_pair(sealed: str, presented_token: str) -> dict[str, str] | None:
    """The pair `seal_pair` sealed, or None when `presented_token` is not the one that sealed it."""
    try:
        return json.loads(sealing_key(presented_token).decrypt(sealed.encode()))
    except InvalidToken:
        return None


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
    """The person a token speaks for, or None when its family is revoked or unknown.

    One query answers both questions every authenticated request asks.
    """
    family_id = claims.get(FAMILY_CLAIM)
    try:
        user_id = int(claims["sub"])
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(family_id, str):
        return None
    parameters = {"family_id": family_id, "user_id": user_id}
    return db.session.execute(token_holder_statement(), parameters).scalar_one_or_none()


@functools.cache
def token_holder_statement() -> Select:
    """The user `:user_id` while their token family `:family_id` is not revoked: built once,
    as every authenticated request runs it."""
    return (
        select(User)
        .join(TokenFamily, TokenFamily.user_id == User.id)
        .where(
            TokenFamily.id == bindparam("family_id"),
            TokenFamily.revoked_at.is_(None),
            User.id == bindparam("user_id"),
        )
    )


def prune_expired_tokens(*, now: datetime) -> int:
    """Delete refresh tokens past their expiry, and forget the sealed successors of those
    used before the grace window; returns how many tokens went."""
    db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.used_at < now - refresh_grace(), RefreshToken.sealed_successor.is_not(None))
        .values(sealed_successor=None)
    )
    return db.session.execute(delete(RefreshToken).where(RefreshToken.expires_at < now)).rowcount
