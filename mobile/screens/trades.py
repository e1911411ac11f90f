"""Trades: the gives-and-gets I am part of — asked of me, asked by me, or all — newest first.

The helpers here describe a trade from one party's side (which leg is mine, what awaits
me); the trade detail screen reuses them so both screens say the same thing. A proposal
still in the outbox shows at the top of My asks and All as "Sending…" until the server's
trade takes its place (mobile/offline/pending_rows.py).
"""

from datetime import UTC, datetime

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.offline.pending_rows import PendingRows
from mobile.outbox.store import REJECTED
from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.text import due_text, parse_timestamp
from shared.trades import OWED_LEG_STATES, REMINDER_BEFORE_DUE, LegState, TradeState

# Each tab is a filter of GET /trades.
TABS = {
    "to_me": {"role": "counterparty"},
    "mine": {"role": "proposer"},
    "all": {},
}
EMPTY_TEXT = {
    "to_me": "Nobody has asked you for a trade yet.",
    "mine": "You have not proposed a trade yet. Propose one from a colleague's profile or post.",
    "all": "No trades yet. Propose one from a colleague's profile or post.",
}

TRADE_STATE_WORDS = {
    TradeState.PROPOSED: "Proposed",
    TradeState.ACCEPTED: "Accepted",
    TradeState.COMPLETED: "Completed",
    TradeState.DECLINED: "Declined",
    TradeState.CANCELLED: "Cancelled",
}
TRADE_STATE_COLOURS = {
    TradeState.PROPOSED: theme.ACCENT,
    TradeState.ACCEPTED: theme.PRIMARY,
    TradeState.COMPLETED: theme.SUCCESS,
    TradeState.DECLINED: theme.MUTED,
    TradeState.CANCELLED: theme.MUTED,
}
LEG_STATE_WORDS = {
    LegState.PROMISED: "Promised",
    LegState.OVERDUE: "Overdue",
    LegState.DELIVERED: "Delivered",
    LegState.CONFIRMED: "Confirmed",
    LegState.BROKEN: "Broken",
    LegState.VOID: "Void",
}
LEG_STATE_COLOURS = {
    LegState.PROMISED: theme.PRIMARY_DARK,
    LegState.OVERDUE: theme.DANGER,
    LegState.DELIVERED: theme.ACCENT,
    LegState.CONFIRMED: theme.SUCCESS,
    LegState.BROKEN: theme.DANGER,
    LegState.VOID: theme.MUTED,
}
# The tabs a proposal of mine shows in.
TABS_WITH_MY_PROPOSALS = ("mine", "all")
SENDING = "Sending…"
NOT_SENT = "Not sent"
# How strongly a row or a trade asks for my attention: a stripe and the hint's colour.
ATTENTION_COLOURS = {"": (0, 0, 0, 0), "attention": theme.ACCENT, "urgent": theme.DANGER}


def kind_words(kind: str) -> str:
    """'review' → 'Review' (a leg kind as a person reads it)."""
    return (kind or "").capitalize()


def leg_of(trade: dict, promiser_id: int) -> dict | None:
    """The leg `promiser_id` promised in `trade`."""
    return next((leg for leg in trade.get("legs", []) if leg["promiser_id"] == promiser_id), None)


def other_party(trade: dict, my_id: int) -> dict:
    """The party that is not me."""
    return trade["counterparty"] if trade["proposer"]["id"] == my_id else trade["proposer"]


def first_name(person: dict) -> str:
    return (person.get("display_name") or "").split(" ")[0] or "They"


def leg_headline(leg: dict | None) -> str:
    """'Review · due in 3 days': the kind, and the due while it is owed, else where it stands."""
    if leg is None:
        return ""
    when = (
        due_text(leg.get("due"))
        if leg["state"] in OWED_LEG_STATES
        else LEG_STATE_WORDS.get(leg["state"], leg["state"]).lower()
    )
    return f"{kind_words(leg['kind'])} · {when}"


def one_line(text: str | None) -> str:
    """User text on one line (a list row shows the start of it)."""
    return " ".join((text or "").split())


def awaiting_me(trade: dict, my_id: int, *, now: datetime | None = None) -> tuple[str, str]:
    """What this trade waits for me to do, and how pressing it is ('', 'attention', 'urgent').

    With nothing for me to do, the text says what the trade waits for, if anything.
    """
    now = now or datetime.now(UTC)
    other = other_party(trade, my_id)
    state = trade["state"]
    mine = leg_of(trade, my_id)
    if state == TradeState.ACCEPTED and mine is not None:
        if mine["state"] == LegState.OVERDUE:
            return "Your promise is overdue: deliver it now", "urgent"
        if mine["state"] == LegState.BROKEN:
            return "Your promise broke: you can still deliver it late", "urgent"
    if state == TradeState.PROPOSED:
        if trade["counterparty"]["id"] == my_id:
            return "Answer this proposal", "attention"
        return f"Waiting for {first_name(other)} to answer", ""
    delivered_to_me = [
        leg for leg in trade.get("legs", []) if leg["receiver_id"] == my_id and leg["state"] == LegState.DELIVERED
    ]
    if delivered_to_me:
        return f"Confirm what {first_name(other)} delivered", "attention"
    if state == TradeState.ACCEPTED and mine is not None and mine["state"] == LegState.PROMISED:
        due = parse_timestamp(mine.get("due"))
        if due is not None and due - now <= REMINDER_BEFORE_DUE:
            return f"Your promise is {due_text(mine['due'])}", "attention"
    if state == TradeState.ACCEPTED:
        theirs = leg_of(trade, other["id"])
        if theirs is not None and theirs["state"] in OWED_LEG_STATES:
            return f"Waiting for {first_name(other)} to deliver", ""
    return "", ""


def trade_row(trade: dict, my_id: int) -> dict:
    """What one row of the trades list shows for an API trade, seen by `my_id`."""
    other = other_party(trade, my_id)
    division = (other.get("division") or {}).get("name", "")
    direction = "To" if trade["proposer"]["id"] == my_id else "From"
    attention_text, attention_level = awaiting_me(trade, my_id)
    mine, theirs = leg_of(trade, my_id), leg_of(trade, other["id"])
    return {
        "trade_id": trade["id"],
        "party_text": f"{direction} {other.get('display_name', '')}",
        "division_text": division,
        "trade_state": trade["state"],
        "state_text": TRADE_STATE_WORDS.get(trade["state"], trade["state"]),
        "give_text": leg_headline(mine),
        "give_description": one_line((mine or {}).get("description")),
        "give_state": (mine or {}).get("state", ""),
        "get_text": leg_headline(theirs),
        "get_description": one_line((theirs or {}).get("description")),
        "get_state": (theirs or {}).get("state", ""),
        "attention_text": attention_text,
        "attention_level": attention_level,
        "sending": False,
    }


def is_new_trade(item) -> bool:
    """Whether an outbox item proposes a trade."""
    return item.kind == "trade" and item.method == "POST" and item.path == "/trades"


def queued_trade_row(item) -> dict:
    """What the trades list shows for a proposal still in the outbox: its label and both legs."""
    body = item.body or {}
    offer, ask = body.get("offer") or {}, body.get("ask") or {}
    refused = item.state == REJECTED
    return {
        "trade_id": 0,
        "party_text": item.label,
        "division_text": "",
        "trade_state": "",
        "state_text": NOT_SENT if refused else SENDING,
        "give_text": f"{kind_words(offer.get('kind', ''))} · {due_text(offer.get('due'))}",
        "give_description": one_line(offer.get("description")),
        "give_state": LegState.PROMISED,
        "get_text": f"{kind_words(ask.get('kind', ''))} · {due_text(ask.get('due'))}",
        "get_description": one_line(ask.get("description")),
        "get_state": LegState.PROMISED,
        "attention_text": "Refused: open the outbox to see why" if refused else "Waiting for the connection to Quid",
        "attention_level": "urgent" if refused else "",
        "sending": True,
    }


class TradeRow(ButtonBehavior, BoxLayout):
    """One trade in a list; tapping opens it. Plain (non-markup) labels show user text literally."""

    trade_id = NumericProperty(0)
    party_text = StringProperty("")
    division_text = StringProperty("")
    trade_state = StringProperty("")
    state_text = StringProperty("")
    give_text = StringProperty("")
    give_description = StringProperty("")
    give_state = StringProperty("")
    get_text = StringProperty("")
    get_description = StringProperty("")
    get_state = StringProperty("")
    attention_text = StringProperty("")
    attention_level = StringProperty("")
    # Still in the outbox: tapping opens the outbox instead of a trade.
    sending = BooleanProperty(False)
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.trade_id)


class TradesScreen(QuidScreen):
    """My trades, a page at a time, in three tabs."""

    tab = StringProperty("to_me")

    def __init__(self, **kwargs):
        super().__init__(name="trades", title="Trades", top_level=True, **kwargs)
        self.follow_list(self.ids.trades)
        self.session.bind(on_outbox_sent=self._outbox_sent)
        # Bound after: Kivy calls the last bound first, so the delivery is pinned before the reload.
        self._on_their_way = PendingRows(
            session=self.session, rows=self.ids.trades, queued_row=self._queued_row, delivered_row=self._delivered_row
        )

    @property
    def my_id(self) -> int | None:
        # Offline right after a restart the profile may not be in yet; the tokens know who.
        return (self.session.user or {}).get("id") or self.session.tokens.user_id

    def refresh(self) -> None:
        trades = self.ids.trades
        trades.api = self.session.api
        my_id = self.my_id
        trades.to_row = lambda trade: {**trade_row(trade, my_id), "opener": self.open_trade}
        trades.identity = "trade_id"
        trades.query = dict(TABS[self.tab])
        trades.empty_text = EMPTY_TEXT[self.tab]
        self._on_their_way.pin()
        trades.reload()

    # Proposals on their way

    def _queued_row(self, item) -> dict | None:
        if not (is_new_trade(item) and self.tab in TABS_WITH_MY_PROPOSALS):
            return None
        return {**queued_trade_row(item), "opener": lambda _trade_id: self.open_outbox()}

    def _delivered_row(self, item, trade: dict) -> dict | None:
        if not (is_new_trade(item) and "id" in trade and self.tab in TABS_WITH_MY_PROPOSALS):
            return None
        return {**trade_row(trade, self.my_id), "opener": self.open_trade}

    def open_outbox(self) -> None:
        if "outbox" in self.manager.screen_names:
            self.navigator.open("outbox")

    def choose_tab(self, tab: str) -> None:
        if tab != self.tab:
            self.tab = tab
            self.refresh()

    def open_trade(self, trade_id: int) -> None:
        self.navigator.open("trade", trade_id=trade_id)

    def _outbox_sent(self, _session, item, _result) -> None:
        # A trade of ours moved on the server: show it without waiting for a pull.
        if item.kind == "trade" and self.manager and self.manager.current == self.name:
            self.ids.trades.reload()


SCREEN = TradesScreen
