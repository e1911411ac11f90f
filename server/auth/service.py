"""Accounts and sessions: join, sign up, log in, refresh, log out.

Nobody chooses their own division or role: an invitation carries them, an admin assigns
them to a self sign-up, or the identity provider's claims say (server.single_sign_on).
Passwords are hashed and checked outside any database transaction
(server.database.release_transaction_for_slow_work), so a slow hash never holds SQLite's
write lock or a PostgreSQL transaction; sign-ins are throttled per account and address and
per address (server.auth.throttle).
"""

from flask_smorest import abort
from sqlalchemy import select

from server.auth import throttle
from server.auth.passwords import hash_password, password_matches, spend_verification_time
from server.auth.tokens import FAMILY_CLAIM, issue_tokens, revoke_family, rotate_refresh_token
from server.database import commit_now, release_transaction_for_slow_work
from server.extensions import db
from server.invitations.service import join_with_invitation
from server.sign_ups import service as sign_ups
from server.single_sign_on.settings import sso_settings
from server.users.models import User
from server.users.service import profile_of

WRONG_CREDENTIALS = "Wrong email or password."
COMPANY_ACCOUNT_HINT = " If you sign in with your company account, use that button instead."
DEACTIVATED = "This account has been deactivated; ask a Quid admin if this is a mistake."
WAITING_FOR_DIVISION = "Your sign-up is waiting for an admin to place you in your division; try again later."


def sign_in_options() -> dict:
    """How one may sign in and join on this server."""
    return {"company_account": sso_settings() is not None, "self_sign_up_domains": list(sign_ups.allowed_domains())}


def register(*, invitation: str, password: str, display_name: str) -> dict:
    """Join with an invitation and sign in."""
    password_hash = hashed_outside_transactions(password)
    user = join_with_invitation(code=invitation, display_name=display_name, password_hash=password_hash)
    return session_for(user)


def sign_up(*, email: str, password: str, display_name: str) -> dict:
    """Ask to join from one of the firm's email domains; the same answer whoever asks."""
    sign_ups.refuse_unless_open_to(email)
    password_hash = hashed_outside_transactions(password)
    return sign_ups.request_sign_up(email=email, display_name=display_name, password_hash=password_hash)


def hashed_outside_transactions(password: str) -> str:
    """The password's hash, computed while the request holds no database transaction."""
    release_transaction_for_slow_work()
    return hash_password(password)


def log_in(*, email: str, password: str) -> dict:
    """Sign in with email and password; failures are throttled (server.auth.throttle).

    The attempt is counted first, then the password is checked with no transaction open,
    then a right one gives its attempt back. Every failure reads the same whether or not the
    email has an account; only someone who knows the password learns that the account is
    deactivated or still waiting for an admin.
    """
    claim = throttle.claim_attempt(email=email)
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    waiting = sign_ups.pending_request_for(email=email) if user is None else None
    stored_hash = user.password_hash if user is not None else waiting.password_hash if waiting else None
    release_transaction_for_slow_work()
    if stored_hash is None:
        spend_verification_time(password)
    matches = stored_hash is not None and password_matches(stored_hash, password)
    if not matches:
        # Already counted by the claim, and committed: nothing to write.
        abort(401, message=WRONG_CREDENTIALS + (COMPANY_ACCOUNT_HINT if sso_settings() else ""))
    throttle.give_back(claim)
    if user is None:
        commit_now()  # the give-back outlives the refusal
        abort(403, message=WAITING_FOR_DIVISION)
    if not user.is_active:
        commit_now()
        abort(403, message=DEACTIVATED)
    return session_for(user)


def refresh(*, user: User, claims: dict, token: str) -> dict:
    """A new token pair for a valid, unused refresh token (rotation); the same pair again
    for one used within the grace window (a lost answer, two tabs)."""
    return rotate_refresh_token(user=user, claims=claims, presented_token=token)


def log_out(*, claims: dict) -> None:
    """Revoke the presented token's session: its access and refresh tokens stop working."""
    revoke_family(family_id=claims.get(FAMILY_CLAIM), reason="logout")


def session_for(user: User) -> dict:
    """The signed-in answer: the user's own profile and a fresh token pair."""
    return {"user": profile_of(user=user), **issue_tokens(user=user)}
