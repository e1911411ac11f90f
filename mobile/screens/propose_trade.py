"""Propose a trade: what I offer, what I ask for, and by when; queued in the outbox.

Opened by name from a profile or a post with `counterparty_id`, `counterparty_name` and,
from a post, `post_id`. Each leg is a kind, a description, a due time (quick choices, or no
date for an open "I owe you one") and, for a lead, the customer account.
"""

from datetime import datetime, timedelta

from kivy.properties import DictProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

import mobile.ui.choice_chips  # noqa: F401  (registers ChoiceChips for the .kv file)
import mobile.ui.collapsible  # noqa: F401  (registers Collapsible for the .kv file)
from mobile.screens.base import QuidScreen
from mobile.screens.trades import kind_words
from mobile.ui.quick_dates import QUICK_DAYS
from shared.limits import (
    ACCOUNT_MAX_LENGTH,
    LEG_DESCRIPTION_MAX_LENGTH,
    LEG_DESCRIPTION_MIN_LENGTH,
    TRADE_MESSAGE_MAX_LENGTH,
)
from shared.trades import LegKind

# Quick due choices as shown: days from now, or None for no date ("I owe you one").
DUE_CHOICES = {**QUICK_DAYS, "No date": None}
DEFAULT_DUE_CHOICE = "In a week"
KIND_LABELS = {kind_words(kind.value): kind.value for kind in LegKind}
CHOOSE_KIND = "Choose a kind"


def due_for(choice: str, *, now: datetime | None = None) -> str | None:
    """The due time a quick choice means, ISO 8601 with the phone's time zone; None for no date."""
    days = DUE_CHOICES[choice]
    if days is None:
        return None
    moment = (now or datetime.now().astimezone()) + timedelta(days=days)
    return moment.replace(second=0, microsecond=0).isoformat()


def due_choice_text(choice: str) -> str:
    """What a due choice means, in words, below the choices."""
    due = due_for(choice)
    if due is None:
        return "No date: an open “I owe you one”."
    return "Due " + datetime.fromisoformat(due).strftime("%A %d %B, %H:%M") + "."


class LegForm(BoxLayout):
    """The fields of one leg: kind, description, due, and the account when it is a lead."""

    caption = StringProperty("")
    # How the description's error names this leg: "what you offer", "what you ask for".
    subject = StringProperty("")
    kind = StringProperty("")
    due_choice = StringProperty(DEFAULT_DUE_CHOICE)
    errors = DictProperty({})

    def choose_kind(self, label: str) -> None:
        self.kind = KIND_LABELS.get(label, "")

    def clear(self) -> None:
        self.kind = ""
        self.ids.kind.text = CHOOSE_KIND
        self.ids.description.text = ""
        self.ids.account.text = ""
        self.due_choice = DEFAULT_DUE_CHOICE
        self.errors = {}

    def check(self) -> dict[str, str]:
        """Field → message for what is missing or too long (the server's limits, checked early)."""
        errors = {}
        if not self.kind:
            errors["kind"] = f"Kind: choose the kind of {self.subject}."
        description = self.ids.description.text.strip()
        if not LEG_DESCRIPTION_MIN_LENGTH <= len(description) <= LEG_DESCRIPTION_MAX_LENGTH:
            errors["description"] = (f"Description: describe {self.subject} in {LEG_DESCRIPTION_MIN_LENGTH} "
                                     f"to {LEG_DESCRIPTION_MAX_LENGTH} characters (now {len(description)}).")
        account = self.ids.account.text.strip()
        if self.kind == LegKind.LEAD and not account:
            errors["account"] = "Account: a lead names the customer account."
        elif len(account) > ACCOUNT_MAX_LENGTH:
            errors["account"] = f"Account: at most {ACCOUNT_MAX_LENGTH} characters (now {len(account)})."
        self.errors = errors
        return errors

    def body(self) -> dict:
        """The leg as POST /trades takes it."""
        leg = {"kind": self.kind, "description": self.ids.description.text.strip(),
               "due": due_for(self.due_choice)}
        if self.kind == LegKind.LEAD:
            leg["account"] = self.ids.account.text.strip()
        return leg


class ProposeTradeScreen(QuidScreen):
    """A new trade with one colleague; "Propose" queues it and goes back."""

    counterparty_id = NumericProperty(0)
    counterparty_name = StringProperty("")
    post_id = NumericProperty(0, allownone=True)
    message_error = StringProperty("")

    # Coming back from the outbox or notifications must not wipe a half-written proposal.
    refresh_on_return = False

    def __init__(self, **kwargs):
        super().__init__(name="propose_trade", title="Propose a trade", **kwargs)

    def refresh(self) -> None:
        self.counterparty_id = int(self.parameters.get("counterparty_id") or 0)
        self.counterparty_name = self.parameters.get("counterparty_name") or "this colleague"
        self.post_id = self.parameters.get("post_id") or None
        self.ids.offer.clear()
        self.ids.ask.clear()
        self.ids.message.text = ""
        self.message_error = ""
        self.ids.scroll.scroll_y = 1
        if not self.counterparty_id:
            self.error = "Open a colleague's profile to propose a trade to them."

    def propose(self) -> None:
        self.error = ""
        errors = {**self.ids.offer.check(), **self.ids.ask.check()}
        message = self.ids.message.text.strip()
        self.message_error = (f"Message: at most {TRADE_MESSAGE_MAX_LENGTH} characters (now {len(message)})."
                              if len(message) > TRADE_MESSAGE_MAX_LENGTH else "")
        if errors or self.message_error or not self.counterparty_id:
            self.error = "Fix what is marked above, then propose again."
            return
        body = {"counterparty_id": self.counterparty_id, "offer": self.ids.offer.body(),
                "ask": self.ids.ask.body()}
        if message:
            body["message"] = message
        if self.post_id:
            body["post_id"] = self.post_id
        self.queue(method="POST", path="/trades", body=body, kind="trade",
                   label=f"Propose a trade to {self.counterparty_name}")
        if not self.navigator.back():
            self.navigator.switch("trades")


SCREEN = ProposeTradeScreen
