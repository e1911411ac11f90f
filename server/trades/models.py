"""The trades and trade_legs tables."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.common.types import UTCDateTime
from server.extensions import db
from server.users.models import User
from shared.limits import ACCOUNT_MAX_LENGTH


class Trade(db.Model):
    """A give-and-get between a proposer and a counterparty: two legs, one each way."""

    __tablename__ = "trades"
    __table_args__ = (
        CheckConstraint("proposer_id <> counterparty_id", name="two_people"),
        Index("ix_trades_proposer_id_id", "proposer_id", "id"),
        Index("ix_trades_counterparty_id_id", "counterparty_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), index=True)
    message: Mapped[str | None] = mapped_column(Text)
    # The post the trade was proposed from, when there is one.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # accepted or declined
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id], lazy="joined")
    counterparty: Mapped[User] = relationship(foreign_keys=[counterparty_id], lazy="joined")
    legs: Mapped[list["TradeLeg"]] = relationship(back_populates="trade", order_by="TradeLeg.id", lazy="selectin")

    def party_ids(self) -> tuple[int, int]:
        return self.proposer_id, self.counterparty_id

    def other_party(self, user_id: int) -> User:
        return self.counterparty if user_id == self.proposer_id else self.proposer

    def leg_parties(self, leg: "TradeLeg") -> tuple[User, User]:
        """The leg's promiser and receiver, as people."""
        return self.other_party(leg.receiver_id), self.other_party(leg.promiser_id)


class TradeLeg(db.Model):
    """One promise of a trade: what `promiser_id` gives `receiver_id`, and by when."""

    __tablename__ = "trade_legs"
    __table_args__ = (
        Index("ix_trade_legs_promiser_id_state", "promiser_id", "state"),
        Index("ix_trade_legs_state_due", "state", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trade_id: Mapped[int] = mapped_column(ForeignKey("trades.id"), index=True)
    promiser_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    receiver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    # None: an open "I owe you one", settled whenever it is.
    due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))
    # Leads only: the customer account, and what became of it once delivered.
    account: Mapped[str | None] = mapped_column(String(ACCOUNT_MAX_LENGTH))
    outcome: Mapped[str | None] = mapped_column(String(8))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery_note: Mapped[str | None] = mapped_column(Text)
    # Decided at delivery: delivered by its due time (or with no due time at all).
    on_time: Mapped[bool | None] = mapped_column()
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How much a confirmed leg counts as evidence of trust: the share of its points its credit
    # kept after the fair-game rules (0 when held or repeated into nothing, 1 in full).
    weight: Mapped[float | None] = mapped_column(Float)
    broken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    trade: Mapped[Trade] = relationship(back_populates="legs")
