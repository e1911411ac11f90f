"""Moderation: flags on posts and answers, and hidden posts and answers

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 16:00:00

"""

import sqlalchemy as sa
from alembic import op

from server.common.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

HIDDEN = ("posts", "answers")


def upgrade():
    for table in HIDDEN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("hidden_at", UTCDateTime(), nullable=True))
            batch_op.add_column(sa.Column("hidden_by_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("hidden_reason", sa.Text(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_hidden_by_id_users"), "users", ["hidden_by_id"], ["id"])
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flagger_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('spam', 'offensive', 'confidential', 'wrong', 'other')", name=op.f("ck_flags_reason")
        ),
        sa.CheckConstraint("state IN ('open', 'upheld', 'dismissed')", name=op.f("ck_flags_state")),
        sa.ForeignKeyConstraint(["flagger_id"], ["users.id"], name=op.f("fk_flags_flagger_id_users")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_flags_post_id_posts")),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], name=op.f("fk_flags_answer_id_answers")),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name=op.f("fk_flags_resolved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
    )
    op.create_index("ix_flags_state_id", "flags", ["state", "id"])
    op.create_index("ix_flags_flagger_id_id", "flags", ["flagger_id", "id"])
    op.create_index("ix_flags_post_id_answer_id", "flags", ["post_id", "answer_id"])
    # One open flag per person and item; a post's flags have no answer id, and NULLs are
    # distinct in a unique index, hence one partial index for each kind of item.
    post_open = sa.text("state = 'open' AND answer_id IS NULL")
    answer_open = sa.text("state = 'open' AND answer_id IS NOT NULL")
    op.create_index(
        "uq_flags_open_post",
        "flags",
        ["flagger_id", "post_id"],
        unique=True,
        sqlite_where=post_open,
        postgresql_where=post_open,
    )
    op.create_index(
        "uq_flags_open_answer",
        "flags",
        ["flagger_id", "answer_id"],
        unique=True,
        sqlite_where=answer_open,
        postgresql_where=answer_open,
    )


def downgrade():
    op.drop_index("uq_flags_open_answer", table_name="flags")
    op.drop_index("uq_flags_open_post", table_name="flags")
    op.drop_index("ix_flags_post_id_answer_id", table_name="flags")
    op.drop_index("ix_flags_flagger_id_id", table_name="flags")
    op.drop_index("ix_flags_state_id", table_name="flags")
    op.drop_table("flags")
    for table in reversed(HIDDEN):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_hidden_by_id_users"), type_="foreignkey")
            batch_op.drop_column("hidden_reason")
            batch_op.drop_column("hidden_by_id")
            batch_op.drop_column("hidden_at")
