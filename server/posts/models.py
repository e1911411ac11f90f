"""The posts table."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db
from server.tags.models import Tag, post_tags
from server.users.models import User


class Post(db.Model):
    """A challenge or an insight. Deleting sets `deleted_at`, so the ledger keeps its sources."""

    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint("kind IN ('challenge', 'insight')", name="kind"),
        CheckConstraint("audience IN ('firm', 'division', 'circle')", name="audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    account: Mapped[str | None] = mapped_column(String(120), index=True)
    audience: Mapped[str] = mapped_column(String(16))
    # The author's division when posting: a `division` post stays with the division it was
    # written for even if its author moves.
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Challenges only: open → answered → solved, or closed. Insights have none.
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    needed_by: Mapped[date | None] = mapped_column(Date)
    # Set when a level-5 member (or the author, or an admin) closes it as a duplicate.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Insights only (server.freshness, rules in shared/freshness.py): when the author last
    # vouched for it, when it was retired, and the moment it may be out of date: kept, so
    # that "may be out of date" is one indexed comparison (null: never, as for a retired one).
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stale_after: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # When the author was asked to verify it since it was last verified: asked once.
    stale_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while an admin keeps it hidden (server.moderation): only its author and admins see it.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True, foreign_keys=[author_id])
    # Loaded when an edit or the search index needs the Tag rows; what a reader sees of them
    # (their names, and an insight's interval) `describe_posts` reads with the other figures.
    tags: Mapped[list[Tag]] = relationship(secondary=post_tags, lazy="select", order_by=Tag.name)
