"""Self sign-up: off unless `QUID_ALLOWED_EMAIL_DOMAINS` names the firm's domains.

Someone at one of those domains asks to join with their name and a password; the request
waits, invisible to everyone but admins, until an admin approves it into a division (and
role) or turns it down. The answer to asking is the same whether or not the email already
has an account or a request, so signing up never tells anyone who is on Quid.
"""

from flask import current_app
from flask_smorest import abort
from sqlalchemy import select

from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.common.validation import refuse_field
from server.divisions.service import require_division
from server.extensions import db
from server.sign_ups.models import SignUpRequest, SignUpState
from server.users.models import User
from server.users.service import create_person, email_taken, person_label

PENDING_MESSAGE = (
    "Thanks. An admin will place you in your division; you can sign in with this email and password once they have."
)


def allowed_domains() -> tuple[str, ...]:
    """The email domains whose people may sign up themselves (none: invitations only)."""
    return current_app.config["ALLOWED_EMAIL_DOMAINS"]


def refuse_unless_open_to(email: str) -> None:
    """403 when self sign-up is off, 422 naming `email` when its domain may not sign up.

    Needs no database, so the caller can refuse before spending a password hash."""
    domains = allowed_domains()
    if not domains:
        abort(
            403,
            message="Self sign-up is off on this server: Quid accounts are by invitation, so ask "
            "an admin to invite you.",
        )
    if email.rpartition("@")[2] not in domains:
        refuse_field(
            field="email",
            message=f"Sign-up is open to addresses at {', '.join(domains)}; ask an admin for an invitation.",
        )


def request_sign_up(*, email: str, display_name: str, password_hash: str) -> dict:
    """Ask to join; answers the same for a new email, one with an account and one that asked before."""
    refuse_unless_open_to(email)
    already_asked = db.session.execute(select(SignUpRequest.id).where(SignUpRequest.email == email)).first() is not None
    if not already_asked and not email_taken(email=email):
        db.session.add(
            SignUpRequest(
                email=email,
                display_name=display_name,
                password_hash=password_hash,
                created_at=utcnow(),
                state=SignUpState.PENDING.value,
            )
        )
        db.session.flush()
    return {"status": SignUpState.PENDING.value, "message": PENDING_MESSAGE}


def pending_request_for(*, email: str) -> SignUpRequest | None:
    """The request still waiting for an admin under this email, if any."""
    return db.session.execute(
        select(SignUpRequest).where(SignUpRequest.email == email, SignUpRequest.state == SignUpState.PENDING.value)
    ).scalar_one_or_none()


def list_requests(*, state: str | None, limit: int, cursor: str | None) -> Page:
    """Sign-up requests, oldest first (the longest waiting at the top)."""
    statement = select(SignUpRequest)
    if state:
        statement = statement.where(SignUpRequest.state == state)
    return page_by_id(statement, id_column=SignUpRequest.id, limit=limit, cursor=cursor, newest_first=False)


def decidable_request(request_id: int) -> SignUpRequest:
    sign_up = db.session.get(SignUpRequest, request_id)
    if sign_up is None:
        abort(404, message="No such sign-up request.")
    if sign_up.state != SignUpState.PENDING.value:
        abort(409, message=f"This sign-up was already {sign_up.state}.")
    return sign_up


def approve(*, request_id: int, division_id: int, role: str, admin: User) -> SignUpRequest:
    """Make the person who asked a member of `division` with `role`; they can sign in at once."""
    sign_up = decidable_request(request_id)
    division = require_division(division_id=division_id)
    if email_taken(email=sign_up.email):
        abort(409, message=f"{sign_up.email} already has an account; turn this sign-up down.")
    user = create_person(
        email=sign_up.email,
        display_name=sign_up.display_name,
        password_hash=sign_up.password_hash,
        division=division,
        role=role,
    )
    sign_up.state, sign_up.decided_at, sign_up.decided_by_id = SignUpState.APPROVED.value, utcnow(), admin.id
    sign_up.user_id = user.id
    db.session.flush()
    audit.record(
        actor=admin,
        action=AuditAction.SIGN_UP_APPROVED,
        object_type=AuditObject.PERSON,
        object_id=user.id,
        object_label=person_label(user),
        before={"state": SignUpState.PENDING.value},
        after={"state": SignUpState.APPROVED.value, "division": division.name, "role": role},
    )
    return sign_up


def reject(*, request_id: int, admin: User) -> SignUpRequest:
    """Turn a sign-up down; the email cannot ask again (an admin may still invite it)."""
    sign_up = decidable_request(request_id)
    sign_up.state, sign_up.decided_at, sign_up.decided_by_id = SignUpState.REJECTED.value, utcnow(), admin.id
    db.session.flush()
    audit.record(
        actor=admin,
        action=AuditAction.SIGN_UP_REJECTED,
        object_type=AuditObject.SIGN_UP,
        object_id=sign_up.id,
        object_label=f"{sign_up.display_name} ({sign_up.email})",
        before={"state": SignUpState.PENDING.value},
        after={"state": SignUpState.REJECTED.value},
    )
    return sign_up
