"""Tokens and retries: a used refresh token keeps its successor pair sealed with the token itself; idempotency records say when they left tokens out

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 06:45:00

"""
import json

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None

TOKEN_FIELDS = ('access_token', 'refresh_token')


def upgrade():
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_successor', sa.Text(), nullable=True))
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tokens_withheld', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    # Records kept before this revision may hold a joining answer's live tokens: keep them
    # without the tokens, marked, so that a retry answers "sign in" as new ones do.
    records = sa.table('idempotency_records', sa.column('id', sa.Integer()),
                       sa.column('response_body', sa.Text()), sa.column('tokens_withheld', sa.Boolean()))
    connection = op.get_bind()
    holding_tokens = connection.execute(sa.select(records.c.id, records.c.response_body).where(
        sa.or_(records.c.response_body.like('%access_token%'), records.c.response_body.like('%refresh_token%'))))
    for record_id, body in holding_tokens.all():
        try:
            document = json.loads(body)
        except ValueError:
            continue
        stripped = without_tokens(document)
        if stripped != document:  # not merely a text that mentions the words
            connection.execute(records.update().where(records.c.id == record_id).values(
                response_body=json.dumps(stripped), tokens_withheld=True))


def without_tokens(node):
    """A JSON document without its token fields, at any depth."""
    if isinstance(node, dict):
        return {name: without_tokens(value) for name, value in node.items() if name not in TOKEN_FIELDS}
    if isinstance(node, list):
        return [without_tokens(item) for item in node]
    return node

def downgrade():
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.drop_column('tokens_withheld')
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_column('sealed_successor')
