"""Login throttles: failures counted per account and address and per address, instead of a log of attempts per email

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

import server.common.types  # noqa: F401  (UTCDateTime columns)

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", server.common.types.UTCDateTime(), nullable=True),
        sa.Column("next_attempt_at", server.common.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttles_last_failure_at"), ["last_failure_at"], unique=False)
    # The old log counted failures per email only; its counts do not carry over.
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_email_attempted_at")
        batch_op.drop_index(batch_op.f("ix_login_attempts_attempted_at"))
    op.drop_table("login_attempts")


def downgrade():
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", server.common.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempts_attempted_at"), ["attempted_at"], unique=False)
        batch_op.create_index("ix_login_attempts_email_attempted_at", ["email", "attempted_at"], unique=False)
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttles_last_failure_at"))
    op.drop_table("login_throttles")
