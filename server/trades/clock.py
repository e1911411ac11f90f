"""The clock of accepted trades: a reminder a day before a leg is due, overdue at its due
time, broken (−5) seven days later.

`settle` applies whatever is due, and only that, so running it twice changes nothing the
second time. The `sweep` command runs it for everyone on a schedule; reading trades runs
it for the reader's trades first, so what people see is right even if no sweep has run.
A read asks first whether anything is due (`anything_due`) and turns into a write only then.
Each trade is locked before it changes, so a sweep and a read cannot both break a leg.
"""

from datetime import datetime

from sqlalchemy import and_, or_, select

from server.extensions import db
from server.trades import events
from server.trades.models import Trade, TradeLeg
from shared.trades import BROKEN_AFTER_OVERDUE, REMINDER_BEFORE_DUE, LegState, TradeState, leg_state_at


def settle(*, now: datetime, party_id: int | None = None, trade_id: int | None = None) -> dict[str, int]:
    """Apply what the clock has made due (of one person's trades, one trade, or all); counts what changed."""
    trade_ids = sorted(set(db.session.execute(_legs_needing_attention(now, party_id, trade_id)).scalars()))
    counts = {"reminded": 0, "overdue": 0, "broken": 0}
    for locked in lock_trades(trade_ids):
        for name, changed in apply_clock(trade=locked, now=now).items():
            counts[name] += changed
    return counts


def anything_due(*, now: datetime, party_id: int | None = None, trade_id: int | None = None) -> bool:
    """Whether `settle` with the same arguments would change anything: one indexed read, so
    that reading trades writes (and waits for the write lock) only when the clock calls for it."""
    return db.session.execute(select(_legs_needing_attention(now, party_id, trade_id).exists())).scalar()


def _legs_needing_attention(now: datetime, party_id: int | None, trade_id: int | None):
    """The trade ids of legs the clock has something to do to: a reminder, overdue, broken."""
    legs = (
        select(TradeLeg.trade_id)
        .join(Trade, Trade.id == TradeLeg.trade_id)
        .where(
            Trade.state == TradeState.ACCEPTED.value,
            TradeLeg.due.is_not(None),
            or_(
                and_(TradeLeg.state == LegState.PROMISED.value, TradeLeg.due <= now),
                and_(
                    TradeLeg.state == LegState.PROMISED.value,
                    TradeLeg.reminded_at.is_(None),
                    TradeLeg.due <= now + REMINDER_BEFORE_DUE,
                ),
                and_(TradeLeg.state == LegState.OVERDUE.value, TradeLeg.due <= now - BROKEN_AFTER_OVERDUE),
            ),
        )
    )
    if party_id is not None:
        legs = legs.where(or_(Trade.proposer_id == party_id, Trade.counterparty_id == party_id))
    if trade_id is not None:
        legs = legs.where(Trade.id == trade_id)
    return legs


def lock_trades(trade_ids: list[int]) -> list[Trade]:
    """The trades, locked in id order (so two sweeps cannot deadlock) and freshly read."""
    if not trade_ids:
        return []
    return list(
        db.session.execute(
            select(Trade)
            .where(Trade.id.in_(trade_ids))
            .order_by(Trade.id)
            .with_for_update(of=Trade)
            .execution_options(populate_existing=True)
        )
        .unique()
        .scalars()
    )


def apply_clock(*, trade: Trade, now: datetime) -> dict[str, int]:
    """Move a locked (freshly read) trade's owed legs to where the clock says they are."""
    counts = {"reminded": 0, "overdue": 0, "broken": 0}
    if trade.state != TradeState.ACCEPTED.value:
        return counts
    for leg in trade.legs:
        target = leg_state_at(state=LegState(leg.state), due=leg.due, now=now)
        if target == LegState.PROMISED:
            if leg.due is not None and leg.reminded_at is None and now >= leg.due - REMINDER_BEFORE_DUE:
                leg.reminded_at = now
                events.leg_due_soon(leg=leg, trade=trade)
                counts["reminded"] += 1
        elif target == LegState.OVERDUE and leg.state == LegState.PROMISED.value:
            leg.state, leg.overdue_at = LegState.OVERDUE.value, now
            events.leg_overdue(leg=leg, trade=trade)
            counts["overdue"] += 1
        elif target == LegState.BROKEN and leg.state != LegState.BROKEN.value:
            leg.state, leg.broken_at = LegState.BROKEN.value, now
            leg.overdue_at = leg.overdue_at or now
            db.session.flush()
            events.leg_broken(leg=leg, trade=trade)
            counts["broken"] += 1
    if any(counts.values()):
        trade.updated_at = now
        db.session.flush()
    return counts
