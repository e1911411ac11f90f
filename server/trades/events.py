"""What trade actions mean for reputation, badges and notifications.

The trade services call these after their own change, in the same transaction. Every leg
entry is written for the leg's promiser with the receiver as the actor: the receiver is
whom the promise was kept (or broken) for, so the cross-division multiplier and the
serial-credit cap apply between those two people.
"""

from server.badges import service as badges
from server.extensions import db
from server.notifications.service import Kind, notify
from server.reputation import ledger
from server.reputation.sources import LEG_SOURCE, TRADE_SOURCE
from server.trades.models import Trade, TradeLeg
from server.trust.service import completed_trades_between
from server.users.models import User
from shared.rules import ReputationEvent

QUOTE_LENGTH = 80


def quoted(leg: TradeLeg) -> str:
    """A leg's description, shortened for a one-line message."""
    text = leg.description if len(leg.description) <= QUOTE_LENGTH else leg.description[: QUOTE_LENGTH - 1] + "…"
    return f"“{text}”"


def leg_promised_by(trade: Trade, user_id: int) -> TradeLeg:
    return next(leg for leg in trade.legs if leg.promiser_id == user_id)


def trade_proposed(*, trade: Trade) -> None:
    proposer = trade.proposer
    notify(
        user_id=trade.counterparty_id,
        kind=Kind.TRADE_PROPOSED,
        actor=proposer,
        trade_id=trade.id,
        post_id=trade.post_id,
        message=f"{proposer.display_name} proposes a trade: they offer "
        f"{quoted(leg_promised_by(trade, proposer.id))} and ask for "
        f"{quoted(leg_promised_by(trade, trade.counterparty_id))}.",
    )


def trade_accepted(*, trade: Trade) -> None:
    notify(
        user_id=trade.proposer_id,
        kind=Kind.TRADE_ACCEPTED,
        actor=trade.counterparty,
        trade_id=trade.id,
        message=f"{trade.counterparty.display_name} accepted your trade.",
    )


def trade_declined(*, trade: Trade) -> None:
    notify(
        user_id=trade.proposer_id,
        kind=Kind.TRADE_DECLINED,
        actor=trade.counterparty,
        trade_id=trade.id,
        message=f"{trade.counterparty.display_name} declined your trade.",
    )


def trade_cancelled(*, trade: Trade, by: User, broken_legs: list[TradeLeg]) -> None:
    """The other party hears of it; each promise the canceller still owed costs them 5 points."""
    other = trade.other_party(by.id)
    what = "withdrew the trade they proposed" if not broken_legs else "called off your trade"
    notify(
        user_id=other.id, kind=Kind.TRADE_CANCELLED, actor=by, trade_id=trade.id, message=f"{by.display_name} {what}."
    )
    for leg in broken_legs:
        charge_broken_leg(leg=leg, trade=trade)


def leg_delivered(*, leg: TradeLeg, trade: Trade, was_broken: bool) -> None:
    """The receiver is asked to confirm; a leg delivered after it broke takes back the −5."""
    if was_broken:
        ledger.reverse_sources(source_type=LEG_SOURCE, source_ids=[leg.id], events=(ReputationEvent.LEG_BROKEN,))
    promiser, _ = trade.leg_parties(leg)
    notify(
        user_id=leg.receiver_id,
        kind=Kind.LEG_DELIVERED,
        actor=promiser,
        trade_id=trade.id,
        message=f"{promiser.display_name} delivered {quoted(leg)}: {leg.delivery_note}",
        data={"leg_id": leg.id, "note": leg.delivery_note},
    )


def leg_confirmed(*, leg: TradeLeg, trade: Trade, on_cancel: bool = False) -> None:
    """+5 to the promiser for a leg delivered on time (×1.5 across divisions), +2 when late;
    the leg counts for trust by what its credit kept after the fair-game rules."""
    _, receiver = trade.leg_parties(leg)
    event = ReputationEvent.LEG_ON_TIME if leg.on_time else ReputationEvent.LEG_LATE
    entry = ledger.credit(
        event=event,
        recipient_id=leg.promiser_id,
        actor=receiver,
        source_type=LEG_SOURCE,
        source_id=leg.id,
        post_id=trade.post_id,
    )
    leg.weight = kept_share(entry)
    how = " when they called the trade off" if on_cancel else ""
    notify(
        user_id=leg.promiser_id,
        kind=Kind.LEG_CONFIRMED,
        actor=receiver,
        trade_id=trade.id,
        message=f"{receiver.display_name} confirmed {quoted(leg)}{how}"
        + ("." if leg.on_time else " (delivered late)."),
        data={"leg_id": leg.id, "on_time": leg.on_time},
    )
    badges.after_leg_confirmed(promiser_id=leg.promiser_id)


def kept_share(entry) -> float:
    """The share of its worth a leg's credit kept: how much the leg counts for trust."""
    if entry is None or entry.base_points <= 0:
        return 0.0
    return round(entry.points / entry.base_points, 4)


def leg_credit_released(*, entry) -> None:
    """A leg's credit held from a newcomer now counts: so does the leg, by what it kept."""
    leg = db.session.get(TradeLeg, entry.source_id)
    leg.weight = kept_share(entry)
    badges.after_leg_confirmed(promiser_id=leg.promiser_id)


def trade_completed(*, trade: Trade) -> None:
    """Good Trader for both; a first completed trade across divisions counts as a bridge."""
    proposer, counterparty = trade.proposer, trade.counterparty
    if (
        proposer.division_id != counterparty.division_id
        and completed_trades_between(user_id=proposer.id, other_id=counterparty.id) == 1
    ):
        for person, other in ((proposer, counterparty), (counterparty, proposer)):
            ledger.credit(
                event=ReputationEvent.TRADE_BRIDGE,
                recipient_id=person.id,
                actor=other,
                source_type=TRADE_SOURCE,
                source_id=trade.id,
                post_id=trade.post_id,
            )
    for person in (proposer, counterparty):
        badges.after_trade_completed(user=person)


def leg_due_soon(*, leg: TradeLeg, trade: Trade) -> None:
    _, receiver = trade.leg_parties(leg)
    notify(
        user_id=leg.promiser_id,
        kind=Kind.LEG_DUE_SOON,
        actor=receiver,
        trade_id=trade.id,
        message=f"Due within a day: {quoted(leg)} for {receiver.display_name}.",
        data={"leg_id": leg.id, "due": leg.due.isoformat()},
    )


def leg_overdue(*, leg: TradeLeg, trade: Trade) -> None:
    """Both sides hear of it: the promiser to act, the receiver to follow up."""
    promiser, receiver = trade.leg_parties(leg)
    notify(
        user_id=promiser.id,
        kind=Kind.LEG_OVERDUE,
        actor=receiver,
        trade_id=trade.id,
        message=f"Overdue: {quoted(leg)} for {receiver.display_name}. It breaks 7 days after its due time.",
        data={"leg_id": leg.id},
    )
    notify(
        user_id=receiver.id,
        kind=Kind.LEG_OVERDUE,
        actor=promiser,
        trade_id=trade.id,
        message=f"{promiser.display_name}'s promise {quoted(leg)} is overdue.",
        data={"leg_id": leg.id},
    )


def leg_broken(*, leg: TradeLeg, trade: Trade) -> None:
    """Seven days overdue: −5 to the promiser, and both sides hear of it."""
    charge_broken_leg(leg=leg, trade=trade)
    promiser, receiver = trade.leg_parties(leg)
    notify(
        user_id=promiser.id,
        kind=Kind.LEG_BROKEN,
        actor=receiver,
        trade_id=trade.id,
        message=f"Broken: {quoted(leg)} for {receiver.display_name} is 7 days overdue (−5). "
        "Delivering it still counts as late.",
        data={"leg_id": leg.id},
    )
    notify(
        user_id=receiver.id,
        kind=Kind.LEG_BROKEN,
        actor=promiser,
        trade_id=trade.id,
        message=f"{promiser.display_name}'s promise {quoted(leg)} is broken: 7 days overdue.",
        data={"leg_id": leg.id},
    )


def charge_broken_leg(*, leg: TradeLeg, trade: Trade) -> None:
    ledger.credit(
        event=ReputationEvent.LEG_BROKEN,
        recipient_id=leg.promiser_id,
        actor=trade.leg_parties(leg)[1],
        source_type=LEG_SOURCE,
        source_id=leg.id,
        post_id=trade.post_id,
    )


def lead_outcome_recorded(*, leg: TradeLeg, trade: Trade) -> None:
    _, receiver = trade.leg_parties(leg)
    notify(
        user_id=leg.promiser_id,
        kind=Kind.LEAD_OUTCOME,
        actor=receiver,
        trade_id=trade.id,
        message=f"{receiver.display_name} marked your lead {leg.account} as {leg.outcome}.",
        data={"leg_id": leg.id, "account": leg.account, "outcome": leg.outcome},
    )
