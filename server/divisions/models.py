"""The divisions table."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db


class Division(db.Model):
    """An organisational unit, such as a regional sales team or product management."""

    __tablename__ = "divisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Active people in the division, kept with every join, move and (de)activation so that
    # the admin's list of divisions never counts 100,000 rows (server.divisions.service).
    people: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
