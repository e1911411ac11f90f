"""The tags table and its links to posts and to people's expertise."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db

post_tags = Table(
    "post_tags",
    db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

user_expertise = Table(
    "user_expertise",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A topic such as `pricing` or `sap-integration`.

    `stands_alone`: added to the firm's vocabulary on its own (seeded, or through POST /tags),
    so listed to everyone. A tag born with a post (a level-3 author typing a new name) names
    what that post is about, so it is listed only to those who may see a post carrying it.
    """

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stands_alone: Mapped[bool] = mapped_column(default=True, server_default=true())
    # How long an insight on this topic stays fresh (set by admins; null: the default,
    # shared.freshness.DEFAULT_VERIFICATION_DAYS).
    verification_days: Mapped[int | None] = mapped_column()
