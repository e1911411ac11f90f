"""Trades: propose, accept, decline and cancel; deliver and confirm legs; record a lead's outcome.

The states and what may follow each live in shared/trades.py. Every action locks its trade
first (PostgreSQL; SQLite serialises writers anyway), brings it up to date with the clock,
and then checks the move: an action the current state does not allow answers 409 naming
the state; an action that belongs to the other party answers 403. Only the two parties can
see a trade; to anyone else it does not exist (404).
"""

from datetime import UTC

from flask_smorest import abort
from sqlalchemy import or_, select

from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.common.validation import refuse_field
from server.database import start_writing
from server.extensions import db
from server.posts.models import Post
from server.posts.visibility import visible_among, visible_post_ids
from server.trades import events
from server.trades.clock import anything_due, apply_clock, lock_trades, settle
from server.trades.models import Trade, TradeLeg
from server.trust.service import trust_of_many
from server.users.models import User
from shared.trades import OWED_LEG_STATES, LeadOutcome, LegKind, LegState, TradeState

NOT_FOUND_MESSAGE = "No such trade."
LEG_NOT_FOUND_MESSAGE = "No such leg in this trade."


class Party:
    """A person as a party to a trade: their summary, with their trust beside their name."""

    def __init__(self, user: User, trust):
        self._user = user
        self.trust = trust

    def __getattr__(self, name):
        return getattr(self._user, name)


def propose_trade(*, proposer: User, data: dict) -> dict:
    """Propose a give-and-get: `offer` is the proposer's leg, `ask` the counterparty's."""
    counterparty = db.session.get(User, data["counterparty_id"])
    if counterparty is None or not counterparty.is_active:
        refuse_field(field="counterparty_id", message="No such person.")
    if counterparty.id == proposer.id:
        refuse_field(field="counterparty_id", message="A trade needs someone else: you cannot trade with yourself.")
    if (
        data["post_id"] is not None
        and db.session.execute(visible_post_ids(viewer=proposer).where(Post.id == data["post_id"])).first() is None
    ):
        refuse_field(field="post_id", message="No such post.")
    now = utcnow()
    for side in ("offer", "ask"):
        due = data[side]["due"]
        if due is not None and due <= now:
            refuse_field(field=f"{side}.due", message="The due time must be in the future.")
    trade = Trade(
        proposer_id=proposer.id,
        counterparty_id=counterparty.id,
        state=TradeState.PROPOSED.value,
        message=data["message"] or None,
        post_id=data["post_id"],
        created_at=now,
        updated_at=now,
    )
    trade.legs = [
        new_leg(data["offer"], promiser=proposer, receiver=counterparty),
        new_leg(data["ask"], promiser=counterparty, receiver=proposer),
    ]
    db.session.add(trade)
    db.session.flush()
    events.trade_proposed(trade=trade)
    return describe_trades([trade], viewer=proposer)[0]


def new_leg(leg: dict, *, promiser: User, receiver: User) -> TradeLeg:
    return TradeLeg(
        promiser_id=promiser.id,
        receiver_id=receiver.id,
        kind=leg["kind"].value,
        description=leg["description"],
        due=leg["due"].astimezone(UTC) if leg["due"] else None,
        account=leg["account"] or None,
        state=LegState.PROMISED.value,
    )


def get_trade(*, trade_id: int, viewer: User) -> dict:
    """A trade one of whose parties is `viewer`, brought up to date with the clock (the read
    writes only when the clock has made something due)."""
    now = utcnow()
    if anything_due(now=now, party_id=viewer.id, trade_id=trade_id):
        start_writing()
        return describe_trades([party_trade(trade_id=trade_id, user=viewer)], viewer=viewer)[0]
    trade = db.session.get(Trade, trade_id)
    if trade is None or viewer.id not in trade.party_ids():
        abort(404, message=NOT_FOUND_MESSAGE)
    return describe_trades([trade], viewer=viewer)[0]


def list_trades(*, viewer: User, role: str | None, state: TradeState | None, limit: int, cursor: str | None) -> Page:
    """The caller's trades, newest first: all, the ones they proposed, or the ones proposed to
    them; brought up to date with the clock first (writing only when something is due)."""
    now = utcnow()
    if anything_due(now=now, party_id=viewer.id):
        start_writing()
        settle(now=now, party_id=viewer.id)
    if role == "proposer":
        statement = select(Trade).where(Trade.proposer_id == viewer.id)
    elif role == "counterparty":
        statement = select(Trade).where(Trade.counterparty_id == viewer.id)
    else:
        statement = select(Trade).where(or_(Trade.proposer_id == viewer.id, Trade.counterparty_id == viewer.id))
    if state is not None:
        statement = statement.where(Trade.state == state.value)
    page = page_by_id(statement, id_column=Trade.id, limit=limit, cursor=cursor)
    page.items = describe_trades(page.items, viewer=viewer)
    return page


def accept_trade(*, trade_id: int, user: User) -> dict:
    """The counterparty accepts: both promises now stand and their due times count."""
    trade = proposal_to(user, trade_id=trade_id, verb="accept", past="accepted")
    now = utcnow()
    if any(leg.due is not None and leg.due <= now for leg in trade.legs):
        abort(409, message="A due time in this proposal has already passed; ask for a new proposal.")
    trade.state, trade.responded_at, trade.updated_at = TradeState.ACCEPTED.value, now, now
    db.session.flush()
    events.trade_accepted(trade=trade)
    apply_clock(trade=trade, now=now)  # a leg due within a day is reminded at once
    return describe_trades([trade], viewer=user)[0]


def decline_trade(*, trade_id: int, user: User) -> dict:
    """The counterparty says no; nothing was promised, so nobody loses anything."""
    trade = proposal_to(user, trade_id=trade_id, verb="decline", past="declined", hint="; withdraw it with cancel")
    now = utcnow()
    trade.state, trade.responded_at, trade.updated_at = TradeState.DECLINED.value, now, now
    for leg in trade.legs:
        leg.state = LegState.VOID.value
    db.session.flush()
    events.trade_declined(trade=trade)
    return describe_trades([trade], viewer=user)[0]


def cancel_trade(*, trade_id: int, user: User) -> dict:
    """Withdraw a proposal, or call off an accepted trade.

    Calling off breaks every promise the canceller still owes (−5 each) and releases the
    other side from theirs. What the other side already delivered is confirmed on the
    canceller's behalf: calling a trade off never takes a kept promise away. The canceller's
    own delivered leg stays delivered and can still be confirmed.
    """
    trade = party_trade(trade_id=trade_id, user=user)
    if trade.state == TradeState.PROPOSED.value:
        if user.id != trade.proposer_id:
            abort(403, message="A trade proposed to you is declined, not cancelled.")
    elif trade.state == TradeState.ACCEPTED.value:
        if not any(leg.state in OWED_LEG_STATES for leg in trade.legs):
            abort(409, message="Both legs of this trade are delivered: confirm them instead of cancelling.")
    else:
        abort(409, message=f"This trade is {trade.state}; it can no longer be cancelled.")
    now = utcnow()
    was_accepted = trade.state == TradeState.ACCEPTED.value
    broken_legs, delivered_to_canceller = [], []
    for leg in trade.legs:
        if leg.state == LegState.DELIVERED.value and leg.receiver_id == user.id:
            leg.state, leg.confirmed_at = LegState.CONFIRMED.value, now
            delivered_to_canceller.append(leg)
        if leg.state not in OWED_LEG_STATES:
            continue
        if was_accepted and leg.promiser_id == user.id:
            leg.state, leg.broken_at = LegState.BROKEN.value, now
            broken_legs.append(leg)
        else:
            leg.state = LegState.VOID.value
    trade.state, trade.cancelled_at, trade.cancelled_by_id, trade.updated_at = (
        TradeState.CANCELLED.value,
        now,
        user.id,
        now,
    )
    db.session.flush()
    for leg in delivered_to_canceller:
        events.leg_confirmed(leg=leg, trade=trade, on_cancel=True)
    events.trade_cancelled(trade=trade, by=user, broken_legs=broken_legs)
    return describe_trades([trade], viewer=user)[0]


def deliver_leg(*, trade_id: int, leg_id: int, user: User, note: str) -> dict:
    """The promiser delivers, with a note; on time if by the due time. A leg broken by the
    clock may still be delivered while the trade stands: it then counts as late."""
    trade = party_trade(trade_id=trade_id, user=user)
    leg = trade_leg(trade, leg_id)
    if user.id != leg.promiser_id:
        abort(403, message="Only the person who promised this leg can deliver it.")
    require_trade_state(trade, TradeState.ACCEPTED, refusal="its legs cannot be delivered")
    was_broken = leg.state == LegState.BROKEN.value
    if leg.state not in OWED_LEG_STATES and not was_broken:
        abort(409, message=f"This leg is {leg.state}; it cannot be delivered again.")
    now = utcnow()
    leg.state, leg.delivered_at, leg.delivery_note = LegState.DELIVERED.value, now, note
    leg.on_time = not was_broken and (leg.due is None or now <= leg.due)
    if leg.kind == LegKind.LEAD.value:
        leg.outcome, leg.outcome_at = LeadOutcome.OPEN.value, now
    trade.updated_at = now
    db.session.flush()
    events.leg_delivered(leg=leg, trade=trade, was_broken=was_broken)
    return describe_trades([trade], viewer=user)[0]


def confirm_leg(*, trade_id: int, leg_id: int, user: User) -> dict:
    """The receiver confirms a delivered leg: the promiser earns its points, and a trade whose
    legs are both confirmed is complete."""
    trade = party_trade(trade_id=trade_id, user=user)
    leg = trade_leg(trade, leg_id)
    if user.id != leg.receiver_id:
        abort(403, message="Only the person a leg was promised to can confirm it.")
    if leg.state != LegState.DELIVERED.value:
        abort(409, message=f"This leg is {leg.state}; only a delivered leg can be confirmed.")
    now = utcnow()
    leg.state, leg.confirmed_at, trade.updated_at = LegState.CONFIRMED.value, now, now
    db.session.flush()
    events.leg_confirmed(leg=leg, trade=trade)
    if trade.state == TradeState.ACCEPTED.value and all(
        other.state == LegState.CONFIRMED.value for other in trade.legs
    ):
        trade.state, trade.completed_at = TradeState.COMPLETED.value, now
        db.session.flush()
        events.trade_completed(trade=trade)
    return describe_trades([trade], viewer=user)[0]


def record_lead_outcome(*, trade_id: int, leg_id: int, user: User, outcome: LeadOutcome) -> dict:
    """The receiver of a delivered lead records what became of it (and may correct it later)."""
    trade = party_trade(trade_id=trade_id, user=user)
    leg = trade_leg(trade, leg_id)
    if leg.kind != LegKind.LEAD.value:
        abort(409, message=f"This leg is {leg.kind}, not a lead: only a lead has an outcome.")
    if user.id != leg.receiver_id:
        abort(403, message="Only the person who received a lead records its outcome.")
    if leg.state not in (LegState.DELIVERED.value, LegState.CONFIRMED.value):
        abort(409, message=f"This lead is {leg.state}; its outcome is recorded once it is delivered.")
    if leg.outcome != outcome.value:
        now = utcnow()
        leg.outcome, leg.outcome_at, trade.updated_at = outcome.value, now, now
        db.session.flush()
        events.lead_outcome_recorded(leg=leg, trade=trade)
    return describe_trades([trade], viewer=user)[0]


def party_trade(*, trade_id: int, user: User) -> Trade:
    """The trade, locked and up to date with the clock, if `user` is one of its parties; else 404."""
    trade = next(iter(lock_trades([trade_id])), None)
    if trade is None or user.id not in trade.party_ids():
        abort(404, message=NOT_FOUND_MESSAGE)
    apply_clock(trade=trade, now=utcnow())
    return trade


def proposal_to(user: User, *, trade_id: int, verb: str, past: str, hint: str = "") -> Trade:
    """A proposed trade that `user` is the counterparty of, to `verb` (`past`: its participle)."""
    trade = party_trade(trade_id=trade_id, user=user)
    require_trade_state(trade, TradeState.PROPOSED, refusal=f"only a proposed trade can be {past}")
    if user.id != trade.counterparty_id:
        abort(403, message=f"Only the person a trade is proposed to can {verb} it{hint}.")
    return trade


def trade_leg(trade: Trade, leg_id: int) -> TradeLeg:
    leg = next((leg for leg in trade.legs if leg.id == leg_id), None)
    if leg is None:
        abort(404, message=LEG_NOT_FOUND_MESSAGE)
    return leg


def require_trade_state(trade: Trade, expected: TradeState, *, refusal: str) -> None:
    """409 naming the trade's state unless it is `expected`."""
    if trade.state != expected.value:
        abort(409, message=f"This trade is {trade.state}; {refusal}.")


def describe_trades(trades: list[Trade], *, viewer: User) -> list[dict]:
    """Trades as the API shows them to `viewer`, each party with their trust. The post a
    trade is about is named only to a party who may see it: the proposer chose a post they
    see, which may lie outside the other party's audience."""
    trust = trust_of_many(user_ids={user_id for trade in trades for user_id in trade.party_ids()})
    visible_posts = visible_among((trade.post_id for trade in trades), viewer=viewer)
    return [
        {
            "id": trade.id,
            "state": trade.state,
            "message": trade.message,
            "post_id": trade.post_id if trade.post_id in visible_posts else None,
            "proposer": Party(trade.proposer, trust[trade.proposer_id]),
            "counterparty": Party(trade.counterparty, trust[trade.counterparty_id]),
            "legs": trade.legs,
            "created_at": trade.created_at,
            "responded_at": trade.responded_at,
            "cancelled_at": trade.cancelled_at,
            "cancelled_by_id": trade.cancelled_by_id,
            "completed_at": trade.completed_at,
        }
        for trade in trades
    ]
