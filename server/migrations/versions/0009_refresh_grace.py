"""Refresh grace: a used refresh token keeps its successor pair, sealed with the token itself

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 06:45:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_successor', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_column('sealed_successor')
