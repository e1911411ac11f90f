"""People found by part of their name or email through an index, not a scan of everyone

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 22:10:00

SQLite: an FTS5 table over users' names and emails with the trigram tokenizer, whose
content is the users table itself and which triggers keep current in the transaction of
every change. PostgreSQL: trigram GIN indexes (pg_trgm, a trusted extension a database owner
may create) under the name and email, which ILIKE uses as they are. See
server/users/name_search.py.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "people_names_after_insert": (
        "AFTER INSERT ON users BEGIN"
        " INSERT INTO people_names (rowid, display_name, email) VALUES (new.id, new.display_name, new.email);"
        " END"
    ),
    "people_names_after_delete": (
        "AFTER DELETE ON users BEGIN"
        " INSERT INTO people_names (people_names, rowid, display_name, email)"
        " VALUES ('delete', old.id, old.display_name, old.email);"
        " END"
    ),
    "people_names_after_update": (
        "AFTER UPDATE OF display_name, email ON users BEGIN"
        " INSERT INTO people_names (people_names, rowid, display_name, email)"
        " VALUES ('delete', old.id, old.display_name, old.email);"
        " INSERT INTO people_names (rowid, display_name, email) VALUES (new.id, new.display_name, new.email);"
        " END"
    ),
}


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_users_display_name_trigrams ON users USING gin (display_name gin_trgm_ops)")
        op.execute("CREATE INDEX ix_users_email_trigrams ON users USING gin (email gin_trgm_ops)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE people_names USING fts5("
        "display_name, email, content = 'users', content_rowid = 'id', tokenize = 'trigram')"
    )
    op.execute("INSERT INTO people_names (people_names) VALUES ('rebuild')")
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm itself stays: the database may hold other things that use it.
        op.execute("DROP INDEX ix_users_email_trigrams")
        op.execute("DROP INDEX ix_users_display_name_trigrams")
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE people_names")
