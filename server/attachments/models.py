"""The attachments table: one row per photo, its files in the store (server.attachments.storage)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db


class Attachment(db.Model):
    """A photo on a post or an answer, or (until a post or answer takes it) its uploader's alone.

    Only re-encoded files are kept (`storage_key`, `thumbnail_key`); the upload's own bytes,
    and with them its metadata, are never stored.
    """

    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint("post_id IS NULL OR answer_id IS NULL", name="one_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Set together when a post or an answer takes the photo; `position` orders its photos.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    thumbnail_key: Mapped[str] = mapped_column(String(100), unique=True)
    thumbnail_content_type: Mapped[str] = mapped_column(String(32))
    thumbnail_width: Mapped[int] = mapped_column(Integer)
    thumbnail_height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_attached(self) -> bool:
        return self.post_id is not None or self.answer_id is not None
