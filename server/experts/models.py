"""The asks: someone asked a colleague to look at a challenge."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.common.types import UTCDateTime
from server.extensions import db


class ExpertAsk(db.Model):
    """`asker` asked `expert` to answer `post`, once per challenge and expert."""

    __tablename__ = "expert_asks"
    __table_args__ = (
        UniqueConstraint("post_id", "expert_id", name="uq_expert_asks_post_expert"),
        Index("ix_expert_asks_expert_created", "expert_id", "created_at"),
        Index("ix_expert_asks_asker_created", "asker_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
