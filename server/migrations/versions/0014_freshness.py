"""Freshness: insights' verification, retirement and kept stale moment; tags' intervals;
colleagues' out-of-date reports

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 15:00:00
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from server.common.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# shared.freshness.DEFAULT_VERIFICATION_DAYS when this was written: no tag has an interval
# yet, so every existing insight has the default.
DEFAULT_VERIFICATION_DAYS = 90
OPEN = "resolved_at IS NULL"


def upgrade():
    op.add_column("tags", sa.Column("verification_days", sa.Integer(), nullable=True))
    op.add_column("posts", sa.Column("verified_at", UTCDateTime(), nullable=True))
    op.add_column("posts", sa.Column("retired_at", UTCDateTime(), nullable=True))
    op.add_column("posts", sa.Column("stale_after", UTCDateTime(), nullable=True))
    op.add_column("posts", sa.Column("stale_asked_at", UTCDateTime(), nullable=True))
    op.create_index(op.f("ix_posts_stale_after"), "posts", ["stale_after"], unique=False)
    op.create_table(
        "outdated_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_outdated_reports_post_id_posts")),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"], name=op.f("fk_outdated_reports_reporter_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outdated_reports")),
    )
    op.create_index(op.f("ix_outdated_reports_post_id"), "outdated_reports", ["post_id"], unique=False)
    op.create_index(
        "uq_outdated_reports_open",
        "outdated_reports",
        ["post_id", "reporter_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    backfill()


def backfill():
    """Every existing insight was last vouched for when last written (updated, else created)."""
    posts = sa.table(
        "posts",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("created_at", UTCDateTime()),
        sa.column("updated_at", UTCDateTime()),
        sa.column("verified_at", UTCDateTime()),
        sa.column("stale_after", UTCDateTime()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(posts.c.id, posts.c.created_at, posts.c.updated_at).where(posts.c.kind == "insight")
    ).all()
    for post_id, created_at, updated_at in rows:
        verified = updated_at or created_at
        connection.execute(
            posts.update()
            .where(posts.c.id == post_id)
            .values(verified_at=verified, stale_after=verified + timedelta(days=DEFAULT_VERIFICATION_DAYS))
        )


def downgrade():
    op.drop_index("uq_outdated_reports_open", table_name="outdated_reports")
    op.drop_index(op.f("ix_outdated_reports_post_id"), table_name="outdated_reports")
    op.drop_table("outdated_reports")
    op.drop_index(op.f("ix_posts_stale_after"), table_name="posts")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("stale_asked_at")
        batch.drop_column("stale_after")
        batch.drop_column("retired_at")
        batch.drop_column("verified_at")
    with op.batch_alter_table("tags") as batch:
        batch.drop_column("verification_days")
