"""Propose a trade: what I offer, what I ask for, and by when; queued in the outbox.

Opened by name from a profile or a post with `counterparty_id`, `counterparty_name` and,
from a post, `post_id`. Each leg is a kind, a description, a due time (quick choices, a day
from the date picker, or no date for an open "I owe you one") and, for a lead, the customer
account.
"""

from datetime import date, datetime, timedelta

from kivy.properties import DictProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

import mobile.ui.choice_chips  # noqa: F401  (registers ChoiceChips for the .kv file)
import mobile.ui.collapsible  # noqa: F401  (registers Collapsible for the .kv file)
from mobile.screens.base import QuidScreen
from mobile.screens.trades import kind_words
from mobile.ui.calendar_days import day_label
from mobile.ui.date_picker import DatePicker
from mobile.ui.quick_dates import PICK_A_DATE, QUICK_DAYS
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


def due_choice_text(choice: str, picked: date | None = None) -> str:
    """What a due choice (or the day picked from the calendar) means, in words, below the choices."""
    if picked is not None and choice not in DUE_CHOICES:
        return "Due by the end of " + picked.strftime("%A %d %B %Y") + "."
    due = due_for(choice)
    if due is None:
        return "No date: an open “I owe you one”."
    return "Due " + datetime.fromisoformat(due).strftime("%A %d %B, %H:%M") + "."


def due_chips(picked: date | None) -> list[str]:
    """The quick choices, and the date picker's chip: 'Pick a date', or the day picked."""
    return [*DUE_CHOICES, day_label(picked) if picked else PICK_A_DATE]


class LegForm(BoxLayout):
    """The fields of one leg: kind, description, due, and the account when it is a lead."""

    caption = StringProperty("")
    # How the description's error names this leg: "what you offer", "what you ask for".
    subject = StringProperty("")
    kind = StringProperty("")
    due_choice = StringProperty(DEFAULT_DUE_CHOICE)
    # A day from the date picker (due_choice is then its label), or None.
    due_date = ObjectProperty(None, allownone=True)
    errors = DictProperty({})
    # The date picker while it is open.
    date_picker = ObjectProperty(None, allownone=True)

    def choose_due(self, choice: str) -> None:
        """A quick choice, or the date picker for the last chip."""
        if choice in DUE_CHOICES:
            self.due_date = None
            self.due_choice = choice
        else:
            self.open_date_picker()

    def open_date_picker(self) -> None:
        self.date_picker = DatePicker(
            heading=f"Due date: {self.subject}", chosen=self.due_date, on_pick=self.pick_due_date
        )
        self.date_picker.bind(on_dismiss=lambda *_args: setattr(self, "date_picker", None))
        self.date_picker.open()

    def pick_due_date(self, day: date) -> None:
        self.due_date = day
        self.due_choice = day_label(day)

    def choose_kind(self, label: str) -> None:
        self.kind = KIND_LABELS.get(label, "")

    def clear(self) -> None:
        self.kind = ""
        self.ids.kind.text = CHOOSE_KIND
        self.ids.description.text = ""
        self.ids.account.text = ""
        self.due_date = None
        self.due_choice = DEFAULT_DUE_CHOICE
        self.errors = {}

    def check(self) -> dict[str, str]:
        """Field → message for what is missing or too long (the server's limits, checked early)."""
        errors = {}
        if not self.kind:
            errors["kind"] = f"Kind: choose the kind of {self.subject}."
        description = self.ids.description.text.strip()
        if not LEG_DESCRIPTION_MIN_LENGTH <= len(description) <= LEG_DESCRIPTION_MAX_LENGTH:
            errors["description"] = (
                f"Description: describe {self.subject} in {LEG_DESCRIPTION_MIN_LENGTH} "
                f"to {LEG_DESCRIPTION_MAX_LENGTH} characters (now {len(description)})."
            )
        account = self.ids.account.text.strip()
        if self.kind == LegKind.LEAD and not account:
            errors["account"] = "Account: a lead names the customer account."
        elif len(account) > ACCOUNT_MAX_LENGTH:
            errors["account"] = f"Account: at most {ACCOUNT_MAX_LENGTH} characters (now {len(account)})."
        self.errors = errors
        return errors

    def body(self) -> dict:
        """The leg as POST /trades takes it."""
        # A picked day is sent as a date: due by the end of that day in the firm's time zone.
        due = self.due_date.isoformat() if self.due_date is not None else due_for(self.due_choice)
        leg = {"kind": self.kind, "description": self.ids.description.text.strip(), "due": due}
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
        self.message_error = (
            f"Message: at most {TRADE_MESSAGE_MAX_LENGTH} characters (now {len(message)})."
            if len(message) > TRADE_MESSAGE_MAX_LENGTH
            else ""
        )
        if errors or self.message_error or not self.counterparty_id:
            self.error = "Fix what is marked above, then propose again."
            return
        body = {"counterparty_id": self.counterparty_id, "offer": self.ids.offer.body(), "ask": self.ids.ask.body()}
        if message:
            body["message"] = message
        if self.post_id:
            body["post_id"] = self.post_id
        self.queue(
            method="POST", path="/trades", body=body, kind="trade", label=f"Propose a trade to {self.counterparty_name}"
        )
        if not self.navigator.back():
            self.navigator.switch("trades")


SCREEN = ProposeTradeScreen
