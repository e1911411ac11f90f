"""What admins do to divisions and people; every change is written to the audit log.

A deactivated person's sessions are revoked and every token check refuses them from the
next request on, in every worker; their posts, answers and ledger stay as they are, and
they leave the directory and the leaderboards. A firm is never left without an active
admin. Where single sign-on says which division (and, if configured, which role) a person
has, those fields belong to the identity provider and are refused here.
"""

from flask_smorest import abort
from sqlalchemy import exists, func, select, update

from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.auth.models import TokenFamily
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.divisions.service import count_people, move_person, require_division
from server.extensions import db
from server.reputation.board_scope import rescope_period_scores
from server.reputation.establishment import vouch
from server.single_sign_on.models import UserIdentity
from server.single_sign_on.settings import sso_settings
from server.users.models import User
from server.users.name_search import people_matching
from server.users.service import person_label
from shared.enums import Role


def list_people(
    *, q: str | None, division_id: int | None, role: str | None, active: bool | None, limit: int, cursor: str | None
) -> Page:
    """Everyone, by name or email, division, role and whether they are active; newest first."""
    statement, id_column = select(User), User.id
    if q:
        statement, id_column = people_matching(statement, text=q, columns=("display_name", "email"))
    if division_id is not None:
        statement = statement.where(User.division_id == division_id)
    if role:
        statement = statement.where(User.role == role)
    if active is not None:
        statement = statement.where(User.is_active.is_(active))
    page = page_by_id(statement, id_column=id_column, limit=limit, cursor=cursor)
    page.items = described_people(page.items)
    return page


def described_people(people: list[User]) -> list[dict]:
    """People as admins see them, with how each signs in (one query for the page)."""
    ids = [person.id for person in people]
    linked = (
        set(db.session.execute(select(UserIdentity.user_id).where(UserIdentity.user_id.in_(ids))).scalars())
        if ids
        else set()
    )
    return [described_person(person, company_account=person.id in linked) for person in people]


def described_person(person: User, *, company_account: bool) -> dict:
    managed = managed_fields(company_account=company_account)
    return {
        "id": person.id,
        "display_name": person.display_name,
        "email": person.email,
        "title": person.title,
        "division": person.division,
        "role": person.role,
        "is_active": person.is_active,
        "established": person.established_at is not None,
        "reputation": person.reputation,
        "created_at": person.created_at,
        "signs_in_with": "company account" if company_account else "password",
        "managed_by_identity_provider": sorted(managed),
    }


def managed_fields(*, company_account: bool) -> set[str]:
    """The fields of a person that the identity provider decides (none for password accounts)."""
    settings = sso_settings()
    if not company_account or settings is None:
        return set()
    return {"division"} | ({"role"} if settings.role_claim else set())


def get_person(*, user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None:
        abort(404, message="No such person.")
    return person


def person_detail(*, user_id: int) -> dict:
    """One person as admins see them."""
    person = get_person(user_id=user_id)
    return described_people([person])[0]


def has_company_account(user_id: int) -> bool:
    return db.session.execute(select(exists().where(UserIdentity.user_id == user_id))).scalar()


def change_person(*, user_id: int, changes: dict, admin: User | None, actor_label: str | None = None) -> dict:
    """Change a person's division, role or whether they are active, or vouch for them
    (`changes` holds any of `division` (an id), `role`, `is_active`, `established`)."""
    person = get_person(user_id=user_id)
    company_account = has_company_account(person.id)
    managed = managed_fields(company_account=company_account)
    for field in ("division", "role"):
        if field in changes and field in managed:
            abort(
                409,
                message=f"{person.display_name}'s {field} comes from the firm's identity provider; "
                f"change it there and it applies at their next sign-in.",
            )
    before, after = {}, {}
    if "division" in changes and changes["division"] != person.division_id:
        division = require_division(division_id=changes["division"])
        before["division"], after["division"] = person.division.name, division.name
        move_person(person=person, division=division)
    if "role" in changes and changes["role"] != person.role:
        before["role"], after["role"] = person.role, changes["role"]
    activity = changes.get("is_active")
    if activity is not None and activity == person.is_active:
        activity = None
    if admin is not None and person.id == admin.id and activity is False:
        abort(409, message="You cannot deactivate yourself; ask another admin.")
    stays_admin = after.get("role", person.role) == Role.ADMIN.value and (
        activity if activity is not None else person.is_active
    )
    if person.role == Role.ADMIN.value and person.is_active and not stays_admin and active_admins() <= 1:
        abort(409, message=f"{person.display_name} is the only active admin: make someone else an admin first.")
    if "role" in after:
        person.role = after["role"]
    if before:
        audit.record(
            actor=admin,
            actor_label=actor_label,
            action=AuditAction.PERSON_UPDATED,
            object_type=AuditObject.PERSON,
            object_id=person.id,
            object_label=person_label(person),
            before=before,
            after=after,
        )
    if activity is not None:
        set_active(person=person, active=activity, admin=admin, actor_label=actor_label)
    if changes.get("established"):
        vouch(person=person, admin=admin, actor_label=actor_label)
    person.updated_at = utcnow()
    db.session.flush()
    return described_person(person, company_account=company_account)


def set_active(*, person: User, active: bool, admin: User | None, actor_label: str | None) -> None:
    """Deactivate (sessions revoked at once) or reactivate a person."""
    person.is_active = active
    # The division, not its id: a move earlier in this change sets the one at once, the other
    # only when the session next flushes.
    count_people(division_id=person.division.id, change=1 if active else -1)
    rescope_period_scores(user_id=person.id, division_id=person.division.id, is_active=active)
    if not active:
        db.session.execute(
            update(TokenFamily)
            .where(TokenFamily.user_id == person.id, TokenFamily.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason="deactivated")
        )
    audit.record(
        actor=admin,
        actor_label=actor_label,
        action=AuditAction.PERSON_REACTIVATED if active else AuditAction.PERSON_DEACTIVATED,
        object_type=AuditObject.PERSON,
        object_id=person.id,
        object_label=person_label(person),
        before={"is_active": not active},
        after={"is_active": active},
    )


def active_admins() -> int:
    return db.session.execute(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.is_active.is_(True))
    ).scalar_one()


def person_by_email(*, email: str) -> User:
    """The person with this email (for the command line), or 404."""
    person = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if person is None:
        abort(404, message=f"No account with email {email}.")
    return person
