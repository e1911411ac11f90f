"""The parts of a trade's screen: a party's card (name, division, trust) and a leg's panel
(who promised what to whom, by when, where it stands, and my moves on it)."""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty

import mobile.ui.collapsible  # noqa: F401  (registers Collapsible for trade_parts.kv)
from mobile.screens.trades import LEG_STATE_WORDS, first_name, kind_words
from mobile.ui.text import due_text
from mobile.ui.trade_words import sentence, when_text
from mobile.ui.trust_text import trust_line
from mobile.ui.widgets import Card, Panel
from shared.trades import OWED_LEG_STATES, LegKind, LegState, TradeState


class TradePartyCard(Card):
    """One party: name, division and trust; tapping opens their profile."""

    user_id = NumericProperty(0)
    role_text = StringProperty("")
    name = StringProperty("")
    division_text = StringProperty("")
    trust_text = StringProperty("")
    trust_band = StringProperty("new")
    opener = ObjectProperty(None)

    def show(self, person: dict, *, role_text: str) -> None:
        self.user_id = person["id"]
        self.role_text = role_text
        self.name = person.get("display_name", "")
        self.division_text = (person.get("division") or {}).get("name", "")
        trust = person.get("trust") or {}
        self.trust_band = trust.get("band", "new")
        self.trust_text = trust_line(trust)

    def on_release(self):
        if self.opener is not None and self.user_id:
            self.opener(self.user_id)


class TradeLegPanel(Panel):
    """One leg: who promised what to whom, by when, where it stands, and my moves on it."""

    leg_id = NumericProperty(0)
    heading = StringProperty("")
    direction_text = StringProperty("")
    kind_text = StringProperty("")
    description = StringProperty("")
    due_line = StringProperty("")
    leg_state = StringProperty("")
    state_text = StringProperty("")
    account_text = StringProperty("")
    outcome = StringProperty("")
    delivery_text = StringProperty("")
    delivery_note = StringProperty("")
    can_deliver = BooleanProperty(False)
    can_confirm = BooleanProperty(False)
    can_record_outcome = BooleanProperty(False)
    note_error = StringProperty("")
    # The screen, which queues the moves made on this leg.
    actions = ObjectProperty(None)

    def show(self, leg: dict, *, trade: dict, my_id: int, busy: bool) -> None:
        parties = {party["id"]: party for party in (trade["proposer"], trade["counterparty"])}
        promiser, receiver = parties[leg["promiser_id"]], parties[leg["receiver_id"]]
        mine = leg["promiser_id"] == my_id
        if self.leg_id != leg["id"]:
            self.ids.note.text = ""
        self.leg_id = leg["id"]
        self.heading = "What you give" if mine else f"What {first_name(promiser)} gives"
        self.direction_text = f"From {promiser.get('display_name', '')} to {receiver.get('display_name', '')}"
        self.kind_text = kind_words(leg["kind"])
        self.description = leg.get("description") or ""
        owed = leg["state"] in OWED_LEG_STATES
        if not leg.get("due"):
            self.due_line = sentence(due_text(None))
        elif owed:
            self.due_line = f"{sentence(due_text(leg['due']))} · {when_text(leg['due'])}"
        else:
            self.due_line = f"Was due {when_text(leg['due'])}"
        self.leg_state = leg["state"]
        self.state_text = LEG_STATE_WORDS.get(leg["state"], leg["state"])
        if leg.get("state") in (LegState.DELIVERED, LegState.CONFIRMED) and leg.get("on_time") is False:
            self.state_text += " (late)"
        self.account_text = f"Account: {leg['account']}" if leg.get("account") else ""
        self.outcome = leg.get("outcome") or ""
        self.delivery_text = f"Delivered {when_text(leg['delivered_at'])}" if leg.get("delivered_at") else ""
        self.delivery_note = leg.get("delivery_note") or ""
        accepted = trade["state"] == TradeState.ACCEPTED
        self.can_deliver = not busy and mine and accepted and (owed or leg["state"] == LegState.BROKEN)
        self.can_confirm = not busy and leg["receiver_id"] == my_id and leg["state"] == LegState.DELIVERED
        self.can_record_outcome = (
            not busy
            and leg["kind"] == LegKind.LEAD
            and leg["receiver_id"] == my_id
            and leg["state"] in (LegState.DELIVERED, LegState.CONFIRMED)
        )
        self.note_error = ""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
