"""Divisions: listing, creating and renaming them (admins and the command line)."""

import re
import secrets
import unicodedata

from flask_smorest import abort
from sqlalchemy import func, select, update
from sqlalchemy.orm.util import identity_key

from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.common.validation import refuse_field
from server.divisions.models import Division
from server.extensions import db
from server.reputation.board_scope import rescope_period_scores
from server.users.models import User


def list_divisions() -> list[Division]:
    """All divisions, by name."""
    return list(db.session.execute(select(Division).order_by(Division.name)).scalars())


def get_division(*, division_id: int) -> Division | None:
    """The division with this id, or None."""
    return db.session.get(Division, division_id)


def slug_for(name: str) -> str:
    """'Ventes Île-de-France' -> 'ventes-ile-de-france' (accents dropped, not the letters)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:56]


def division_named(value: str) -> Division | None:
    """The division whose name or slug is `value`, ignoring case (in Python: SQLite's lower()
    knows only ASCII, so 'ÎLE' and 'île' would differ there and not on PostgreSQL). A firm
    has tens of divisions, so reading them all is cheap."""
    wanted = value.strip().casefold()
    return next(
        (division for division in list_divisions() if wanted in (division.name.casefold(), division.slug.casefold())),
        None,
    )


def name_taken(*, name: str, except_id: int | None = None) -> bool:
    """Whether another division has this name, whatever its case."""
    wanted = name.casefold()
    return any(division.name.casefold() == wanted and division.id != except_id for division in list_divisions())


def create_division(
    *, name: str, slug: str | None = None, admin: User | None, actor_label: str | None = None
) -> Division:
    """Add a division; its slug (what single sign-on maps claims to) is derived from the name
    unless given, and made unique."""
    if name_taken(name=name):
        abort(409, message=f"There is already a division called {name}.")
    base = slug or slug_for(name) or f"division-{secrets.token_hex(3)}"
    candidate, number = base, 1
    while db.session.execute(select(Division.id).where(Division.slug == candidate)).first():
        if slug:
            abort(409, message=f"There is already a division with the slug {slug}.")
        number += 1
        candidate = f"{base}-{number}"
    division = Division(name=name, slug=candidate)
    db.session.add(division)
    db.session.flush()
    audit.record(
        actor=admin,
        actor_label=actor_label,
        action=AuditAction.DIVISION_CREATED,
        object_type=AuditObject.DIVISION,
        object_id=division.id,
        object_label=name,
        after={"name": name, "slug": candidate},
    )
    return division


def rename_division(*, division_id: int, name: str, admin: User) -> Division:
    """Give a division a new name; its slug stays, so single sign-on mappings keep working."""
    division = get_division(division_id=division_id)
    if division is None:
        abort(404, message="No such division.")
    if name == division.name:
        return division
    if name_taken(name=name, except_id=division.id):
        abort(409, message=f"There is already a division called {name}.")
    before = division.name
    division.name = name
    db.session.flush()
    audit.record(
        actor=admin,
        action=AuditAction.DIVISION_RENAMED,
        object_type=AuditObject.DIVISION,
        object_id=division.id,
        object_label=name,
        before={"name": before},
        after={"name": name},
    )
    return division


def count_people(*, division_id: int, change: int) -> None:
    """Add `change` to a division's count of active people, in SQL (`people = people + 1`), so
    that two joins at once both count."""
    db.session.execute(
        update(Division)
        .where(Division.id == division_id)
        .values(people=Division.people + change)
        .execution_options(synchronize_session=False)
    )
    # A division this unit of work already holds reads its new count when next asked.
    division = db.session.identity_map.get(identity_key(Division, division_id))
    if division is not None:
        db.session.expire(division, ["people"])


def move_person(*, person: User, division: Division) -> None:
    """Put `person` in `division`, keeping both divisions' counts."""
    if person.is_active and person.division_id != division.id:
        count_people(division_id=person.division_id, change=-1)
        count_people(division_id=division.id, change=1)
    person.division = division
    rescope_period_scores(user_id=person.id, division_id=division.id, is_active=person.is_active)


def recount_people() -> None:
    """Set every division's count from the people themselves (after a bulk load; `recompute`)."""
    active = (
        select(func.count())
        .select_from(User)
        .where(User.division_id == Division.id, User.is_active.is_(True))
        .scalar_subquery()
    )
    db.session.execute(update(Division).values(people=active).execution_options(synchronize_session=False))


def require_division(*, division_id: int, field: str = "division", location: str = "json") -> Division:
    """The division, or 422 naming `field` (found in `location`) when there is none with that id."""
    division = get_division(division_id=division_id)
    if division is None:
        refuse_field(field=field, message="No such division.", location=location)
    return division
