"""Expert asks: someone asked a colleague to answer a challenge

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:00:00

"""

import sqlalchemy as sa
from alembic import op

from server.common.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "expert_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_expert_asks_post_id_posts")),
        sa.ForeignKeyConstraint(["asker_id"], ["users.id"], name=op.f("fk_expert_asks_asker_id_users")),
        sa.ForeignKeyConstraint(["expert_id"], ["users.id"], name=op.f("fk_expert_asks_expert_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_asks")),
        sa.UniqueConstraint("post_id", "expert_id", name="uq_expert_asks_post_expert"),
    )
    op.create_index("ix_expert_asks_expert_created", "expert_asks", ["expert_id", "created_at"])
    op.create_index("ix_expert_asks_asker_created", "expert_asks", ["asker_id", "created_at"])


def downgrade():
    op.drop_index("ix_expert_asks_asker_created", table_name="expert_asks")
    op.drop_index("ix_expert_asks_expert_created", table_name="expert_asks")
    op.drop_table("expert_asks")
