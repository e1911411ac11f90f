"""Period totals carry their person's division and whether the account is active

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 18:30:00

A board of one division, and how many people of the firm are ahead of someone, then read
one index range each instead of visiting every person's row in users.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BOARD_COLUMNS = ["metric", "period", "starts_on", "is_active", "value", "user_id"]
DIVISION_BOARD_COLUMNS = ["metric", "period", "starts_on", "division_id", "is_active", "value", "user_id"]


def upgrade():
    with op.batch_alter_table("period_scores", schema=None) as batch_op:
        batch_op.add_column(sa.Column("division_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("is_active", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE period_scores SET"
        " division_id = (SELECT users.division_id FROM users WHERE users.id = period_scores.user_id),"
        " is_active = (SELECT users.is_active FROM users WHERE users.id = period_scores.user_id)"
    )
    with op.batch_alter_table("period_scores", schema=None) as batch_op:
        batch_op.alter_column("division_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("is_active", existing_type=sa.Boolean(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_period_scores_division_id_divisions"), "divisions", ["division_id"], ["id"]
        )
    # Outside the batch, so that the old index goes before the new one of that name comes.
    op.drop_index("ix_period_scores_board", table_name="period_scores")
    op.create_index("ix_period_scores_board", "period_scores", BOARD_COLUMNS, unique=False)
    op.create_index("ix_period_scores_division_board", "period_scores", DIVISION_BOARD_COLUMNS, unique=False)


def downgrade():
    op.drop_index("ix_period_scores_division_board", table_name="period_scores")
    op.drop_index("ix_period_scores_board", table_name="period_scores")
    op.create_index(
        "ix_period_scores_board", "period_scores", ["metric", "period", "starts_on", "value", "user_id"], unique=False
    )
    with op.batch_alter_table("period_scores", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_period_scores_division_id_divisions"), type_="foreignkey")
        batch_op.drop_column("is_active")
        batch_op.drop_column("division_id")
