"""Tokens and retries: a used refresh token keeps its successor pair sealed with the token itself; idempotency records keep no secret

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 06:45:00

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# What server.idempotency.service withholds, as of this revision: a secret's name and fields.
SESSION = ("session", ("access_token", "refresh_token"))
INVITATION_CODE = ("invitation code", ("code",))
INVITATIONS_PATH = "/api/v1/admin/invitations"


def upgrade():
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_successor", sa.Text(), nullable=True))
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withheld_secret", sa.String(length=32), nullable=True))
    # Records kept before this revision may hold a session's tokens or an invitation's code:
    # keep them without, marked, so that a retry answers as it does for new ones.
    records = sa.table(
        "idempotency_records",
        sa.column("id", sa.Integer()),
        sa.column("path", sa.String()),
        sa.column("response_body", sa.Text()),
        sa.column("withheld_secret", sa.String()),
    )
    connection = op.get_bind()
    candidates = connection.execute(
        sa.select(records.c.id, records.c.path, records.c.response_body).where(
            sa.or_(records.c.response_body.like("%_token%"), records.c.path == INVITATIONS_PATH)
        )
    )
    for record_id, path, body in candidates.all():
        try:
            document = json.loads(body)
        except ValueError:
            continue
        for name, fields in (SESSION, INVITATION_CODE) if path == INVITATIONS_PATH else (SESSION,):
            stripped = without(document, fields)
            if stripped != document:  # not merely a text that mentions the words
                connection.execute(
                    records.update()
                    .where(records.c.id == record_id)
                    .values(response_body=json.dumps(stripped), withheld_secret=name)
                )
                break


def without(node, fields):
    """A JSON document without `fields`, at any depth."""
    if isinstance(node, dict):
        return {name: without(value, fields) for name, value in node.items() if name not in fields}
    if isinstance(node, list):
        return [without(item, fields) for item in node]
    return node


def downgrade():
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.drop_column("withheld_secret")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_column("sealed_successor")
