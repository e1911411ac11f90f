"""Full-text search: a document per post and answer, indexed the way each database searches best

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 13:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_search_documents_post_id_posts")),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], name=op.f("fk_search_documents_answer_id_answers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("post_id", "answer_id", name="uq_search_documents_post_answer"),
        sa.UniqueConstraint("answer_id", name=op.f("uq_search_documents_answer_id")),
    )
    op.create_index(op.f("ix_search_documents_post_id"), "search_documents", ["post_id"], unique=False)
    # Every live post and answer, posts first.
    op.execute(
        "INSERT INTO search_documents (post_id, answer_id) "
        "SELECT id, NULL FROM posts WHERE deleted_at IS NULL ORDER BY id"
    )
    op.execute(
        "INSERT INTO search_documents (post_id, answer_id) "
        "SELECT answers.post_id, answers.id FROM answers JOIN posts ON posts.id = answers.post_id "
        "WHERE answers.deleted_at IS NULL AND posts.deleted_at IS NULL ORDER BY answers.id"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("search_documents", sa.Column("vector", sa.dialects.postgresql.TSVECTOR(), nullable=True))
        op.create_index("ix_search_documents_vector", "search_documents", ["vector"], postgresql_using="gin")
        clean = "replace(replace(coalesce({}, ''), chr(2), ' '), chr(3), ' ')"
        op.execute(
            "UPDATE search_documents SET vector ="
            f" setweight(to_tsvector('english', {clean.format('posts.title')}), 'A')"
            " || setweight(to_tsvector('english', coalesce((SELECT string_agg(tags.name, ' ') FROM post_tags"
            " JOIN tags ON tags.id = post_tags.tag_id WHERE post_tags.post_id = posts.id), '')"
            f" || ' ' || {clean.format('posts.account')}), 'B')"
            f" || setweight(to_tsvector('english', {clean.format('posts.body')}), 'C')"
            " FROM posts WHERE posts.id = search_documents.post_id AND search_documents.answer_id IS NULL"
        )
        op.execute(
            "UPDATE search_documents SET vector ="
            f" setweight(to_tsvector('english', {clean.format('answers.body')}), 'C')"
            " FROM answers WHERE answers.id = search_documents.answer_id"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, body, tags, account, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        clean = "replace(replace(coalesce({}, ''), char(2), ' '), char(3), ' ')"
        op.execute(
            "INSERT INTO search_index (rowid, title, body, tags, account) "
            f"SELECT search_documents.id, {clean.format('posts.title')}, {clean.format('posts.body')}, "
            "coalesce((SELECT group_concat(tags.name, ' ') FROM post_tags JOIN tags ON tags.id = post_tags.tag_id "
            f"WHERE post_tags.post_id = posts.id), ''), {clean.format('posts.account')} "
            "FROM search_documents JOIN posts ON posts.id = search_documents.post_id "
            "WHERE search_documents.answer_id IS NULL"
        )
        op.execute(
            "INSERT INTO search_index (rowid, title, body, tags, account) "
            f"SELECT search_documents.id, '', {clean.format('answers.body')}, '', '' "
            "FROM search_documents JOIN answers ON answers.id = search_documents.answer_id"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE search_index")
    op.drop_index(op.f("ix_search_documents_post_id"), table_name="search_documents")
    op.drop_table("search_documents")
