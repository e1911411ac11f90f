"""The search index's documents: one per post and one per answer.

The words themselves live where each database searches best (see server.search.backends):
an FTS5 table `search_index` whose rowid is the document's id on SQLite, and the
`vector` column (a weighted `tsvector` under a GIN index) of this table on PostgreSQL.
Who may see a document, its kind and status are not copied here: a search joins the live
post, so a change of audience or status needs no re-indexing.
"""

from sqlalchemy import ColumnElement, ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db


class SearchDocument(db.Model):
    """A post (`answer_id` null) or one of its answers, as the search index knows it."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("post_id", "answer_id", name="uq_search_documents_post_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), unique=True)

    @classmethod
    def of_a_post(cls) -> ColumnElement[bool]:
        """The condition "this document is a post, not an answer", for searches.

        Written so that no index can serve it: SQLite takes `answer_id IS NULL` on the
        unique index as one row and then scans every match for each of the (thousands of)
        post documents, 100 million steps for a post's related posts at 10,000 posts.
        """
        return func.coalesce(cls.answer_id, 0) == 0


def is_kept_by_the_search_engine(name: str, type_: str, table_name: str | None) -> bool:
    """Whether a database object is the search engine's own, outside the models (the FTS5 table
    and its shadow tables on SQLite; the vector column and its GIN index on PostgreSQL), so that
    comparing the models with the database leaves it alone."""
    if type_ == "table":
        return name.startswith("search_index")
    return table_name == "search_documents" and name in ("vector", "ix_search_documents_vector")
