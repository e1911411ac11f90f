"""Tags standing alone: a tag born with a post is listed only to those who see a post carrying it

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stands_alone", sa.Boolean(), server_default=sa.true(), nullable=False))
    # How an existing tag came to be was not recorded. Seeded tags (no creator) and admins'
    # stand alone; a member's tag that posts carry is taken to be born with one of them, so
    # it is listed only to those who may see a post carrying it.
    tags = sa.table("tags", sa.column("id"), sa.column("created_by_id"), sa.column("stands_alone"))
    users = sa.table("users", sa.column("id"), sa.column("role"))
    post_tags = sa.table("post_tags", sa.column("tag_id"))
    op.execute(
        tags.update()
        .where(
            tags.c.created_by_id.is_not(None),
            tags.c.created_by_id.not_in(sa.select(users.c.id).where(users.c.role == "admin")),
            tags.c.id.in_(sa.select(post_tags.c.tag_id)),
        )
        .values(stands_alone=False)
    )


def downgrade():
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_column("stands_alone")
