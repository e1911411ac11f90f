"""Invitations: an admin invites a colleague by email with their division and role; the
colleague joins with the code (`POST /auth/register`).

A code is single-use and expires (`QUID_INVITATION_DAYS`, 7 by default). It is shown once
to the admin and, where mail is configured, mailed to the colleague; only its digest is
stored. A new invitation for an email replaces the one still pending for it.
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_smorest import abort
from sqlalchemy import select, update

from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.common.addresses import public_base_url
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.common.secret_tokens import code_digest, new_code, normalised_code
from server.common.validation import refuse_field
from server.database import commit_now
from server.divisions.service import require_division
from server.extensions import db
from server.invitations.models import Invitation, InvitationState
from server.mail.service import send_mail
from server.users.models import User
from server.users.service import create_person, email_taken, person_label
from shared.enums import Role

ROLE_NAMES = {Role.MEMBER.value: "member", Role.LEADER.value: "leader", Role.ADMIN.value: "admin"}


def create_invitation(
    *, email: str, division_id: int, role: str, admin: User | None, actor_label: str | None = None
) -> tuple[Invitation, str]:
    """A new pending invitation and its code (flushed, not yet committed or mailed)."""
    division = require_division(division_id=division_id)
    if email_taken(email=email):
        abort(409, message=f"{email} already has an account; change their division or role under People.")
    now = utcnow()
    for pending in pending_invitations_for(email=email, now=now):
        pending.revoked_at = now
        audit.record(
            actor=admin,
            actor_label=actor_label,
            action=AuditAction.INVITATION_REVOKED,
            object_type=AuditObject.INVITATION,
            object_id=pending.id,
            object_label=pending.email,
            before={"state": InvitationState.PENDING.value},
            after={"state": InvitationState.REVOKED.value, "reason": "replaced by a new invitation"},
        )
    code = new_code()
    invitation = Invitation(
        email=email,
        division=division,
        role=role,
        code_digest=code_digest(code),
        created_by_id=admin.id if admin is not None else None,
        created_at=now,
        expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        actor=admin,
        actor_label=actor_label,
        action=AuditAction.INVITATION_CREATED,
        object_type=AuditObject.INVITATION,
        object_id=invitation.id,
        object_label=email,
        after={
            "email": email,
            "division": division.name,
            "role": role,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    return invitation, code


def invite(*, email: str, division_id: int, role: str, admin: User | None, actor_label: str | None = None) -> dict:
    """Create an invitation, commit it, then mail its code where mail is configured.

    The invitation is committed before the mail goes out: talking to a mail server can take
    seconds, and no database lock may be held that long (SQLite has one writer at a time);
    a code is never mailed for an invitation that was not saved. Whether the mail went out
    is recorded on the invitation and answered, with the code, to the admin.
    """
    invitation, code = create_invitation(
        email=email, division_id=division_id, role=role, admin=admin, actor_label=actor_label
    )
    commit_now()
    delivery = send_mail(
        to=email, subject="You are invited to Quid", body=invitation_mail(invitation=invitation, code=code, admin=admin)
    )
    if delivery.sent:
        invitation.mailed_at = utcnow()
    else:
        invitation.mail_error = delivery.error
    db.session.flush()
    return {"invitation": described(invitation), "code": code, "mailed": delivery.sent, "mail_error": delivery.error}


def invitation_mail(*, invitation: Invitation, code: str, admin: User | None) -> str:
    """The text of the invitation mail."""
    inviter = admin.display_name if admin is not None else "Your Quid administrator"
    server = public_base_url()
    lines = [
        "Hello,",
        "",
        f"{inviter} invited you to Quid, where colleagues share what they learn at customers and "
        f"get credit when others use it. You join {invitation.division.name} as a "
        f"{ROLE_NAMES.get(invitation.role, invitation.role)}.",
        "",
        'Open the Quid app, choose "I have an invitation" and enter:',
        "",
    ]
    if server:
        lines.append(f"    Server:          {server}")
    lines += [
        f"    Invitation code: {code}",
        "",
        f"The code works once, for {invitation.email}, until {invitation.expires_at.strftime('%Y-%m-%d %H:%M')} UTC.",
        "If you did not expect this, you can ignore this message.",
    ]
    return "\n".join(lines)


def pending_invitations_for(*, email: str, now: datetime) -> list[Invitation]:
    return list(
        db.session.execute(
            select(Invitation).where(
                Invitation.email == email,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
        ).scalars()
    )


def list_invitations(*, state: str | None, limit: int, cursor: str | None) -> Page:
    """Invitations newest first, optionally only those in one state."""
    now = utcnow()
    statement = select(Invitation)
    if state == InvitationState.PENDING:
        statement = statement.where(
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > now
        )
    elif state == InvitationState.EXPIRED:
        statement = statement.where(
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at <= now
        )
    elif state == InvitationState.ACCEPTED:
        statement = statement.where(Invitation.accepted_at.is_not(None))
    elif state == InvitationState.REVOKED:
        statement = statement.where(Invitation.revoked_at.is_not(None))
    page = page_by_id(statement, id_column=Invitation.id, limit=limit, cursor=cursor)
    page.items = [described(invitation, now=now) for invitation in page.items]
    return page


def described(invitation: Invitation, now: datetime | None = None) -> dict:
    """An invitation as the API shows it (never its code)."""
    return {
        "id": invitation.id,
        "email": invitation.email,
        "division": invitation.division,
        "role": invitation.role,
        "state": invitation.state_at(now or utcnow()).value,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "accepted_user_id": invitation.accepted_user_id,
        "revoked_at": invitation.revoked_at,
        "mailed_at": invitation.mailed_at,
        "mail_error": invitation.mail_error,
    }


def revoke_invitation(*, invitation_id: int, admin: User) -> dict:
    """Withdraw a pending invitation: its code stops working."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        abort(404, message="No such invitation.")
    now = utcnow()
    state = invitation.state_at(now)
    if state != InvitationState.PENDING:
        abort(409, message=f"This invitation is {state.value}; only a pending one can be revoked.")
    invitation.revoked_at = now
    db.session.flush()
    audit.record(
        actor=admin,
        action=AuditAction.INVITATION_REVOKED,
        object_type=AuditObject.INVITATION,
        object_id=invitation.id,
        object_label=invitation.email,
        before={"state": state.value},
        after={"state": InvitationState.REVOKED.value},
    )
    return described(invitation, now=now)


def join_with_invitation(*, code: str, display_name: str, password_hash: str) -> User:
    """Create the invited person's account and use up the invitation (422 naming
    `invitation` when the code is unknown, used, revoked or expired)."""
    if not normalised_code(code):
        refuse_field(field="invitation", message="Not an invitation code this server issued.")
    invitation = db.session.execute(
        select(Invitation).where(Invitation.code_digest == code_digest(code))
    ).scalar_one_or_none()
    now = utcnow()
    if invitation is None:
        refuse_field(
            field="invitation",
            message="Not an invitation code this server issued; check it, or ask an admin for a new one.",
        )
    state = invitation.state_at(now)
    if state == InvitationState.ACCEPTED:
        refuse_field(field="invitation", message="This invitation was already used; sign in instead.")
    if state == InvitationState.REVOKED:
        refuse_field(field="invitation", message="This invitation was withdrawn; ask an admin for a new one.")
    if state == InvitationState.EXPIRED:
        refuse_field(
            field="invitation",
            message=f"This invitation expired on "
            f"{invitation.expires_at.strftime('%Y-%m-%d')}; "
            f"ask an admin for a new one.",
        )
    # Claimed with a conditional update, so that two uses of one code at once make one account.
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        refuse_field(field="invitation", message="This invitation was already used; sign in instead.")
    if email_taken(email=invitation.email):
        abort(409, message="An account with this invitation's email already exists; sign in instead.")
    user = create_person(
        email=invitation.email,
        display_name=display_name,
        password_hash=password_hash,
        division=invitation.division,
        role=invitation.role,
    )
    invitation.accepted_at = now
    invitation.accepted_user_id = user.id
    db.session.flush()
    audit.record(
        actor=user,
        action=AuditAction.PERSON_JOINED,
        object_type=AuditObject.PERSON,
        object_id=user.id,
        object_label=person_label(user),
        after={"division": invitation.division.name, "role": invitation.role, "invitation": invitation.id},
    )
    return user
