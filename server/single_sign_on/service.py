"""Single sign-on: start, the provider's callback, the browser's confirmation, the app's tokens.

Each step is its own short transaction. The callback commits that it has taken the
sign-in before it talks to the provider, so no database lock is held while the provider
answers and a second delivery of the same callback is refused; every refusal is recorded
on the sign-in before it is answered, so the app, polling, learns why. A person is created
or updated only when they confirm, so a sign-in nobody confirms changes nothing.
"""

import secrets
from datetime import timedelta

from flask_smorest import abort
from sqlalchemy import delete, select, update

from server.audit import service as audit
from server.audit.actions import IDENTITY_PROVIDER, AuditAction, AuditObject
from server.auth.service import session_for
from server.common.addresses import public_base_url
from server.common.clock import utcnow
from server.common.secret_tokens import digest, new_ticket
from server.database import commit_now, intend_to_write
from server.divisions.models import Division
from server.divisions.service import move_person
from server.extensions import db
from server.single_sign_on import claims as account_claims
from server.single_sign_on import provider
from server.single_sign_on.models import SignInStatus, SsoSignIn, UserIdentity
from server.single_sign_on.settings import SsoSettings, sso_settings
from server.users.models import User
from server.users.service import create_person, email_taken, person_label
from shared.enums import Role

SIGN_IN_MINUTES = 10
POLL_SECONDS = 2
CALLBACK_PATH = "/api/v1/auth/sso/callback"
EXPIRED = "This sign-in took too long and has expired; start again from the Quid app."
REPLAYED = "This sign-in link was already used; start again from the Quid app."
UNKNOWN_STATE = "This sign-in was not started from the Quid app, or it has been cleared; start again from the app."
WAITING = "Waiting for you to finish signing in in your browser."


def require_settings() -> SsoSettings:
    """The provider's settings, or 404 when single sign-on is not configured here."""
    settings = sso_settings()
    if settings is None:
        abort(404, message="Single sign-on is not configured on this server; sign in with your email and password.")
    return settings


def start() -> dict:
    """Begin a sign-in: the address for the system browser, the app's ticket and the code
    the browser will show."""
    settings = require_settings()
    redirect_uri = public_base_url() + CALLBACK_PATH
    # The provider is asked before any database work, so no transaction waits on it.
    try:
        authorization = provider.authorization_request(settings, redirect_uri=redirect_uri)
    except provider.IdentityProviderError as error:
        abort(error.status, message=error.message)
    ticket, now = new_ticket(), utcnow()
    sign_in = SsoSignIn(
        ticket_digest=digest(ticket),
        state=authorization["state"],
        nonce=authorization["nonce"],
        code_verifier=authorization["code_verifier"],
        redirect_uri=redirect_uri,
        confirmation_code=f"{secrets.randbelow(10**6):06d}",
        status=SignInStatus.STARTED.value,
        created_at=now,
        expires_at=now + timedelta(minutes=SIGN_IN_MINUTES),
    )
    db.session.add(sign_in)
    db.session.flush()
    return {
        "browser_url": authorization["url"],
        "ticket": ticket,
        "confirmation_code": spaced(sign_in.confirmation_code),
        "expires_at": sign_in.expires_at,
        "poll_seconds": POLL_SECONDS,
    }


def spaced(code: str) -> str:
    """'482913' -> '482 913', as both the app and the browser show it."""
    return f"{code[:3]} {code[3:]}"


def fail(sign_in: SsoSignIn, status: int, message: str):
    """Record why the sign-in failed (the app reads it when it polls), then answer it."""
    sign_in.status = SignInStatus.FAILED.value
    sign_in.error_status, sign_in.error_message = status, message[:500]
    commit_now()
    abort(status, message=message)


def receive_callback(
    *, state: str | None, code: str | None, error: str | None, error_description: str | None, issuer: str | None
) -> tuple[SsoSignIn, str]:
    """Check the provider's redirect and its ID token; answers the sign-in and the secret
    the browser confirms it with."""
    # A GET that writes: it must say so before its first query (server.database).
    intend_to_write()
    settings = require_settings()
    sign_in = (
        db.session.execute(select(SsoSignIn).where(SsoSignIn.state == state)).scalar_one_or_none() if state else None
    )
    if sign_in is None:
        abort(400, message=UNKNOWN_STATE)
    if sign_in.status != SignInStatus.STARTED.value:
        abort(409, message=REPLAYED)
    if sign_in.expires_at <= utcnow():
        fail(sign_in, 410, EXPIRED)
    if issuer is not None and issuer.rstrip("/") != settings.issuer:
        fail(sign_in, 400, "The answer came from another sign-in service than Quid's (iss); start again.")
    if error:
        fail(
            sign_in, 403, f"Your company's sign-in service did not sign you in ({(error_description or error)[:200]})."
        )
    if not code:
        fail(sign_in, 400, "Your company's sign-in service sent no sign-in code; start again.")
    taken = db.session.execute(
        update(SsoSignIn)
        .where(SsoSignIn.id == sign_in.id, SsoSignIn.status == SignInStatus.STARTED.value)
        .values(status=SignInStatus.VERIFYING.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        abort(409, message=REPLAYED)
    verifier, redirect_uri, nonce = sign_in.code_verifier, sign_in.redirect_uri, sign_in.nonce
    commit_now()
    try:
        verified = provider.verified_claims(
            settings, code=code, code_verifier=verifier, redirect_uri=redirect_uri, nonce=nonce
        )
        account = account_claims.account_from(verified, settings)
    except provider.IdentityProviderError as refusal:
        fail(sign_in, refusal.status, refusal.message)
    secret = new_ticket()
    sign_in.status = SignInStatus.AUTHENTICATED.value
    sign_in.issuer, sign_in.subject, sign_in.email = settings.issuer, account.subject, account.email
    sign_in.display_name, sign_in.division_id, sign_in.role = account.display_name, account.division_id, account.role
    sign_in.user_id = account.user_id
    sign_in.confirm_digest = digest(secret)
    db.session.flush()
    return sign_in, secret


def confirmation_details(sign_in: SsoSignIn) -> dict:
    """What the browser shows before the person confirms."""
    division = db.session.get(Division, sign_in.division_id) if sign_in.division_id else None
    if division is None and sign_in.user_id:
        division = db.session.get(User, sign_in.user_id).division
    return {
        "display_name": sign_in.display_name,
        "email": sign_in.email,
        "division": division.name if division else "",
        "code": spaced(sign_in.confirmation_code),
        "expires_at": sign_in.expires_at,
    }


def confirm(*, secret: str) -> SsoSignIn:
    """The person confirmed in the browser that their app shows the code: create or update
    their account; the app collects its tokens next."""
    sign_in = (
        db.session.execute(select(SsoSignIn).where(SsoSignIn.confirm_digest == digest(secret))).scalar_one_or_none()
        if secret
        else None
    )
    if sign_in is None:
        abort(400, message="This confirmation is not one Quid issued; start again from the Quid app.")
    if sign_in.status in (SignInStatus.CONFIRMED.value, SignInStatus.COLLECTED.value):
        abort(409, message="You already confirmed this sign-in; return to the Quid app.")
    if sign_in.status != SignInStatus.AUTHENTICATED.value:
        abort(409, message=sign_in.error_message or REPLAYED)
    if sign_in.expires_at <= utcnow():
        fail(sign_in, 410, EXPIRED)
    taken = db.session.execute(
        update(SsoSignIn)
        .where(SsoSignIn.id == sign_in.id, SsoSignIn.status == SignInStatus.AUTHENTICATED.value)
        .values(status=SignInStatus.CONFIRMED.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        abort(409, message="You already confirmed this sign-in; return to the Quid app.")
    user = account_for(sign_in)
    if not user.is_active:
        fail(sign_in, 403, "Your Quid account has been deactivated; ask a Quid admin if this is a mistake.")
    sign_in.status = SignInStatus.CONFIRMED.value
    sign_in.user_id = user.id
    db.session.flush()
    return sign_in


def account_for(sign_in: SsoSignIn) -> User:
    """The person this sign-in is: linked before, linked now by email, or new."""
    now = utcnow()
    identity = db.session.execute(
        select(UserIdentity).where(UserIdentity.issuer == sign_in.issuer, UserIdentity.subject == sign_in.subject)
    ).scalar_one_or_none()
    if identity is None:
        user = db.session.execute(select(User).where(User.email == sign_in.email)).scalar_one_or_none()
        if user is None:
            division = db.session.get(Division, sign_in.division_id)
            user = create_person(
                email=sign_in.email,
                display_name=sign_in.display_name,
                password_hash=None,
                division=division,
                role=sign_in.role or Role.MEMBER.value,
            )
            audit.record(
                actor=None,
                actor_label=IDENTITY_PROVIDER,
                action=AuditAction.PERSON_PROVISIONED,
                object_type=AuditObject.PERSON,
                object_id=user.id,
                object_label=person_label(user),
                after={"division": division.name, "role": user.role},
            )
        else:
            # An account from before single sign-on: from now on it signs in only through it.
            user.password_hash = None
            audit.record(
                actor=None,
                actor_label=IDENTITY_PROVIDER,
                action=AuditAction.PERSON_LINKED,
                object_type=AuditObject.PERSON,
                object_id=user.id,
                object_label=person_label(user),
                before={"signs_in_with": "password"},
                after={"signs_in_with": "company account"},
            )
        identity = UserIdentity(user_id=user.id, issuer=sign_in.issuer, subject=sign_in.subject, created_at=now)
        db.session.add(identity)
    else:
        user = identity.user
    apply_claims(user=user, sign_in=sign_in)
    identity.last_sign_in_at = now
    db.session.flush()
    return user


def apply_claims(*, user: User, sign_in: SsoSignIn) -> None:
    """Bring the person's division, role and email in line with the provider's claims."""
    before, after = {}, {}
    if sign_in.division_id and sign_in.division_id != user.division_id:
        division = db.session.get(Division, sign_in.division_id)
        before["division"], after["division"] = user.division.name, division.name
        move_person(person=user, division=division)
    if sign_in.role and sign_in.role != user.role:
        before["role"], after["role"] = user.role, sign_in.role
        user.role = sign_in.role
    if sign_in.email != user.email and not email_taken(email=sign_in.email):
        before["email"], after["email"] = user.email, sign_in.email
        user.email = sign_in.email
    if after:
        user.updated_at = utcnow()
        audit.record(
            actor=None,
            actor_label=IDENTITY_PROVIDER,
            action=AuditAction.PERSON_UPDATED,
            object_type=AuditObject.PERSON,
            object_id=user.id,
            object_label=person_label(user),
            before=before,
            after=after,
        )


def collect(*, ticket: str) -> dict:
    """The app's poll: 'waiting' until the person confirms, then its session, once."""
    sign_in = db.session.execute(
        select(SsoSignIn).where(SsoSignIn.ticket_digest == digest(ticket))
    ).scalar_one_or_none()
    if sign_in is None:
        abort(404, message="No such sign-in; start again.")
    if sign_in.status == SignInStatus.COLLECTED.value:
        abort(409, message="This sign-in was already collected; start again to sign in once more.")
    if sign_in.status == SignInStatus.FAILED.value:
        abort(sign_in.error_status or 403, message=sign_in.error_message or "The sign-in failed; start again.")
    if sign_in.expires_at <= utcnow():
        abort(410, message=EXPIRED)
    if sign_in.status != SignInStatus.CONFIRMED.value:
        return {"status": "waiting", "message": WAITING}
    taken = db.session.execute(
        update(SsoSignIn)
        .where(SsoSignIn.id == sign_in.id, SsoSignIn.status == SignInStatus.CONFIRMED.value)
        .values(status=SignInStatus.COLLECTED.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        abort(409, message="This sign-in was already collected; start again to sign in once more.")
    user = db.session.get(User, sign_in.user_id)
    if not user.is_active:
        abort(403, message="Your Quid account has been deactivated; ask a Quid admin if this is a mistake.")
    return {"status": "signed_in", "message": "Signed in.", **session_for(user)}


def prune_finished_sign_ins(*, now) -> int:
    """Delete sign-ins that ended or expired over a day ago; returns how many went."""
    return db.session.execute(delete(SsoSignIn).where(SsoSignIn.expires_at < now - timedelta(days=1))).rowcount
