"""Attachments: photos from the field on posts and answers

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

from server.common.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=100), nullable=False),
        sa.Column("thumbnail_content_type", sa.String(length=32), nullable=False),
        sa.Column("thumbnail_width", sa.Integer(), nullable=False),
        sa.Column("thumbnail_height", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attached_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("post_id IS NULL OR answer_id IS NULL", name=op.f("ck_attachments_one_owner")),
        sa.ForeignKeyConstraint(["uploader_id"], ["users.id"], name=op.f("fk_attachments_uploader_id_users")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_attachments_post_id_posts")),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], name=op.f("fk_attachments_answer_id_answers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_attachments_storage_key")),
        sa.UniqueConstraint("thumbnail_key", name=op.f("uq_attachments_thumbnail_key")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_uploader_id"), ["uploader_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_answer_id"), ["answer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_created_at"), ["created_at"], unique=False)


def downgrade():
    # The files in the store are left where they are: the operator decides what becomes of them.
    op.drop_table("attachments")
