"""The idempotency records table."""

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db


class IdempotencyRecord(db.Model):
    """The first successful response to a request made with one key by one caller.

    `response_body` never holds a credential: `withheld_secret` names the one the response
    carried (a session, an invitation code), which was left out (server.idempotency.service).
    """

    __tablename__ = "idempotency_records"
    # The constraint is what makes a key hold when the same request arrives twenty times at once.
    __table_args__ = (UniqueConstraint("owner", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(512))
    body_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    withheld_secret: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
