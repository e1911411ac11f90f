"""Colleagues' reports that an insight is out of date."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db

OPEN = "resolved_at IS NULL"


class OutdatedReport(db.Model):
    """`reporter` said `post` is out of date. Open until the author verifies, updates or
    retires it (`resolved_at`), then kept as history; one open report per person and post."""

    __tablename__ = "outdated_reports"
    __table_args__ = (
        Index(
            "uq_outdated_reports_open",
            "post_id",
            "reporter_id",
            unique=True,
            sqlite_where=text(OPEN),
            postgresql_where=text(OPEN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
