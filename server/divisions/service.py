"""Divisions: listing them, and adding them from the command line."""

import re

import click
from sqlalchemy import select

from server.common.validation import refuse_field
from server.divisions.models import Division
from server.extensions import db


def list_divisions() -> list[Division]:
    """All divisions, by name."""
    return list(db.session.execute(select(Division).order_by(Division.name)).scalars())


def get_division(*, division_id: int) -> Division | None:
    """The division with this id, or None."""
    return db.session.get(Division, division_id)


def create_division(*, name: str, slug: str | None = None) -> Division:
    """Add a division; its slug is derived from the name unless given."""
    name = name.strip()
    slug = slug or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not name or not slug:
        raise click.BadParameter("A division needs a name with letters or digits.")
    clash = db.session.execute(
        select(Division).where((Division.name == name) | (Division.slug == slug))).first()
    if clash:
        raise click.BadParameter(f"A division named {name!r} or with slug {slug!r} already exists.")
    division = Division(name=name, slug=slug)
    db.session.add(division)
    db.session.flush()
    return division


def require_division(*, division_id: int, field: str = "division", location: str = "json") -> Division:
    """The division, or 422 naming `field` (found in `location`) when there is none with that id."""
    division = get_division(division_id=division_id)
    if division is None:
        refuse_field(field=field, message="No such division.", location=location)
    return division
