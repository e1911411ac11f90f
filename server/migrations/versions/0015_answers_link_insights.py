"""An answer may link its author's own insight

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 14:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("insight_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_answers_insight_id"), ["insight_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_answers_insight_id_posts"), "posts", ["insight_id"], ["id"])


def downgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_answers_insight_id_posts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_answers_insight_id"))
        batch_op.drop_column("insight_id")
