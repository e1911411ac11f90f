"""Finding people by part of their name or email, through an index instead of a scan.

A substring search (`LIKE '%text%'`) cannot use an ordinary index, so asking for one person
among 100,000 read every row. Both databases index the three-character pieces of each name
and email instead (migration 0018): PostgreSQL with pg_trgm's GIN indexes, which serve the
same ILIKE as before; SQLite with an FTS5 table using the trigram tokenizer, kept by
triggers on `users` in the transaction of every change, whose phrase query is the same
literal, case-insensitive substring match. The FTS5 table also yields its matches in id
order, so a page of them stops after the page instead of collecting every match first.

Fewer than three characters make no trigram: such a search reads people in the page's order
as before, which stops as soon as a page is full (short pieces of text are in many names).
"""

from sqlalchemy import ColumnElement, Integer, Select, column, func, literal_column, or_, select, table, text

from server.common.text import contains_pattern
from server.extensions import db
from server.users.models import User

# The shortest text the trigram indexes can find; anything shorter is matched by a scan.
SHORTEST_INDEXED_TEXT = 3
INDEX_TABLE = "people_names"
POSTGRESQL_INDEXES = ("ix_users_display_name_trigrams", "ix_users_email_trigrams")
people_names = table(INDEX_TABLE, column("rowid", Integer))


def people_matching(statement: Select, *, text: str, columns: tuple[str, ...]) -> tuple[Select, ColumnElement]:
    """`statement` (selecting users) narrowed to the people one of whose `columns`
    ("display_name", "email") contains `text`, whatever its case, and the id column to page
    the result by (it is `users.id`, or the index's own copy of it on SQLite)."""
    if db.session.get_bind().dialect.name == "sqlite" and len(text) >= SHORTEST_INDEXED_TEXT:
        index = literal_column(INDEX_TABLE)
        phrase = '"' + text.replace('"', '""') + '"'
        narrowed = statement.join(people_names, people_names.c.rowid == User.id).where(
            index.op("MATCH")("{" + " ".join(columns) + "} : " + phrase)
        )
        return narrowed, people_names.c.rowid
    pattern = contains_pattern(text)
    conditions: list[ColumnElement[bool]] = [getattr(User, name).ilike(pattern, escape="\\") for name in columns]
    return statement.where(or_(*conditions)), User.id


def rebuild_name_index() -> int:
    """Index every person's name and email anew (to repair the index: the triggers and the
    database keep it current otherwise); how many people it holds. The caller commits."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text(f"INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}) VALUES ('rebuild')"))
    else:
        for index in POSTGRESQL_INDEXES:
            db.session.execute(text(f"REINDEX INDEX {index}"))
    return db.session.execute(select(func.count()).select_from(User)).scalar_one()


def is_kept_by_the_name_index(name: str, type_: str, table_name: str | None) -> bool:
    """Whether a database object belongs to the name index rather than the models (the FTS5
    table and its shadow tables on SQLite, the trigram indexes on PostgreSQL), so that
    comparing the models with the database leaves it alone."""
    if type_ == "table":
        return name.startswith(INDEX_TABLE)
    return table_name == "users" and name in POSTGRESQL_INDEXES
