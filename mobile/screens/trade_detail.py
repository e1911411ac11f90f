"""One trade: both parties with their trust, both legs, and the moves open to me now.

Every move (accept, decline, cancel, deliver, confirm, a lead's outcome) goes through the
outbox. While one is on its way the actions wait; when the outbox reports it sent, the
trade is read again; when the server refuses it (the trade moved on meanwhile), the
refusal is shown in the server's plain words until the person dismisses it.
"""

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty

import mobile.ui.collapsible  # noqa: F401  (registers Collapsible for the .kv file)
from mobile.api.errors import plain_message
from mobile.outbox.store import PENDING, REJECTED
from mobile.screens.base import QuidScreen
from mobile.screens.trades import (
    TRADE_STATE_WORDS,
    awaiting_me,
    first_name,
    leg_of,
    other_party,
)
from mobile.ui.text import time_ago
from mobile.ui.trade_parts import TradeLegPanel, TradePartyCard  # noqa: F401  (for trade_detail.kv)
from shared.limits import DELIVERY_NOTE_MAX_LENGTH
from shared.rules import POINTS, ReputationEvent
from shared.trades import OWED_LEG_STATES, LeadOutcome, TradeState

# The server wants a note with every delivery; a person who writes none sends this.
DEFAULT_DELIVERY_NOTE = "Delivered."


class TradeDetailScreen(QuidScreen):
    """A trade seen by one of its two parties (GET /trades/{id})."""

    trade = ObjectProperty(None, allownone=True)
    trade_id = NumericProperty(0)
    trade_state = StringProperty("")
    state_text = StringProperty("")
    summary_text = StringProperty("")
    message_text = StringProperty("")
    attention_text = StringProperty("")
    attention_level = StringProperty("")
    can_answer = BooleanProperty(False)
    can_cancel = BooleanProperty(False)
    cancel_text = StringProperty("")
    cancel_warning = StringProperty("")
    confirming_cancel = BooleanProperty(False)
    # Moves on this trade still in the outbox, and the latest the server refused.
    sending_text = StringProperty("")
    rejection_text = StringProperty("")
    rejected_item_id = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(name="trade", title="Trade", **kwargs)
        self.session.bind(on_outbox_sent=self._outbox_reported, on_outbox_rejected=self._outbox_reported)

    @property
    def my_id(self) -> int | None:
        # Offline right after a restart the profile may not be in yet; the tokens know who.
        return (self.session.user or {}).get("id") or self.session.tokens.user_id

    def refresh(self) -> None:
        trade_id = int(self.parameters.get("trade_id") or 0)
        if trade_id != self.trade_id:
            self.trade = None
            self.trade_state = ""
            self.ids.scroll.scroll_y = 1
        self.trade_id = trade_id
        self.confirming_cancel = False
        self._read_outbox()
        self.fetch(f"/trades/{trade_id}", self._show)

    # Showing the trade

    def _show(self, trade: dict) -> None:
        if trade.get("id") != self.trade_id:
            return  # an answer about a trade the person has since left
        self._read_outbox()
        self.trade = trade
        my_id = self.my_id
        other = other_party(trade, my_id)
        busy = bool(self.sending_text)
        state = trade["state"]
        self.trade_state = state
        self.state_text = TRADE_STATE_WORDS.get(state, state)
        proposed_by_me = trade["proposer"]["id"] == my_id
        who = (
            f"You proposed it to {other.get('display_name', '')}"
            if proposed_by_me
            else f"{other.get('display_name', '')} proposed it to you"
        )
        self.summary_text = f"{who} · {time_ago(trade.get('created_at'))}"
        self.message_text = trade.get("message") or ""
        self.attention_text, self.attention_level = awaiting_me(trade, my_id)
        self.can_answer = not busy and state == TradeState.PROPOSED and trade["counterparty"]["id"] == my_id
        mine = leg_of(trade, my_id)
        if state == TradeState.PROPOSED and proposed_by_me:
            self.can_cancel, self.cancel_text = not busy, "Withdraw proposal"
            self.cancel_warning = f"Withdraw this proposal? {first_name(other)} will no longer see it as an ask."
        elif state == TradeState.ACCEPTED and any(leg["state"] in OWED_LEG_STATES for leg in trade["legs"]):
            self.can_cancel, self.cancel_text = not busy, "Call off this trade"
            breaks = mine is not None and mine["state"] in OWED_LEG_STATES
            self.cancel_warning = (
                f"Call it off? Your own promise counts as broken ({abs(POINTS[ReputationEvent.LEG_BROKEN])} "
                f"reputation points lost) and {first_name(other)} is released from theirs."
                if breaks
                else f"Call it off? {first_name(other)} is released from what they still owe you."
            )
        else:
            self.can_cancel, self.cancel_text, self.cancel_warning = False, "", ""
        self.ids.proposer_party.show(trade["proposer"], role_text="Proposed by")
        self.ids.counterparty_party.show(trade["counterparty"], role_text="Asked")
        for panel, party in (
            (self.ids.proposer_leg, trade["proposer"]),
            (self.ids.counterparty_leg, trade["counterparty"]),
        ):
            leg = leg_of(trade, party["id"])
            if leg is not None:
                panel.show(leg, trade=trade, my_id=my_id, busy=busy)

    def _read_outbox(self) -> None:
        """What of this trade is still in the outbox: moves on their way, and refusals."""
        prefix = f"/trades/{self.trade_id}/"
        items = [item for item in self.session.outbox_items() if item.kind == "trade" and item.path.startswith(prefix)]
        pending = [item.label for item in items if item.state == PENDING]
        waiting = "Sending" if self.session.online else "Offline, kept to send later"
        self.sending_text = f"{waiting}: {'; '.join(pending)}…" if pending else ""
        refused = [item for item in items if item.state == REJECTED]
        if refused:
            item = refused[-1]
            self.rejection_text = f"“{item.label}” was refused: {plain_message(item.refusal)}"
            self.rejected_item_id = item.id
        else:
            self.rejection_text, self.rejected_item_id = "", 0

    def _outbox_reported(self, _session, item, _outcome) -> None:
        # One of our moves on this trade was sent or refused: read the trade as it is now.
        if (
            item.kind == "trade"
            and item.path.startswith(f"/trades/{self.trade_id}/")
            and self.manager
            and self.manager.current == self.name
        ):
            self.refresh()

    def dismiss_rejection(self) -> None:
        """The person has read the refusal: drop the refused move from the outbox."""
        if self.rejected_item_id:
            self.session.discard(self.rejected_item_id)
        self._read_outbox()

    # Opening a party

    def open_party(self, user_id: int) -> None:
        if not self.manager or "profile" not in self.manager.screen_names:
            return
        if user_id == self.my_id:
            self.navigator.open("profile")
        else:
            self.navigator.open("profile", user_id=user_id)

    # The moves

    def _other_name(self) -> str:
        return other_party(self.trade, self.my_id).get("display_name", "") if self.trade else ""

    def _queue_move(self, action: str, label: str, body: dict | None = None) -> None:
        self.queue(path=f"/trades/{self.trade_id}/{action}", body=body, kind="trade", label=label)
        self.confirming_cancel = False
        self._show(self.trade)
        # What happens next (sending, then the new state or a refusal) shows at the top.
        self.ids.scroll.scroll_y = 1

    def accept(self) -> None:
        self._queue_move("accept", f"Accept the trade with {self._other_name()}")

    def decline(self) -> None:
        self._queue_move("decline", f"Decline the trade with {self._other_name()}")

    def ask_to_cancel(self) -> None:
        self.confirming_cancel = True

    def keep_trade(self) -> None:
        self.confirming_cancel = False

    def cancel(self) -> None:
        verb = "Withdraw" if self.trade_state == TradeState.PROPOSED else "Call off"
        self._queue_move("cancel", f"{verb} the trade with {self._other_name()}")

    def deliver(self, panel: TradeLegPanel, note: str) -> None:
        note = note.strip()
        if len(note) > DELIVERY_NOTE_MAX_LENGTH:
            panel.note_error = f"Delivery note: keep it under {DELIVERY_NOTE_MAX_LENGTH} characters (now {len(note)})."
            return
        panel.ids.note.text = ""
        self._queue_move(
            f"legs/{panel.leg_id}/deliver",
            f"Deliver {panel.kind_text.lower()} to {self._other_name()}",
            {"note": note or DEFAULT_DELIVERY_NOTE},
        )

    def confirm(self, panel: TradeLegPanel) -> None:
        self._queue_move(f"legs/{panel.leg_id}/confirm", f"Confirm {panel.kind_text.lower()} from {self._other_name()}")

    def record_outcome(self, panel: TradeLegPanel, outcome: str) -> None:
        self._queue_move(
            f"legs/{panel.leg_id}/outcome",
            f"Lead from {self._other_name()}: {LeadOutcome(outcome).value}",
            {"outcome": LeadOutcome(outcome).value},
        )


SCREEN = TradeDetailScreen
