"""The audit_entries table: append-only, written in the same transaction as the change."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db


class AuditEntry(db.Model):
    """One administrative change.

    `actor_id` is the admin who made it; changes made by the command line, the identity
    provider or the demo loader have none and say so in `actor_label`. The object is named
    as it was at the time (`object_label`), so the entry still reads right after a rename.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(48), index=True)
    object_type: Mapped[str] = mapped_column(String(24))
    object_id: Mapped[int | None] = mapped_column(Integer)
    object_label: Mapped[str] = mapped_column(String(254))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
