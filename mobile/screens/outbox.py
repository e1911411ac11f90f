"""The outbox: what is still on its way to Quid, and what the server gave back to fix.

It reads the outbox on the phone (no network), so it works offline and updates live:
when the session's counts change, when the outbox reports an item, and once a second
while shown (attempt counts move without changing the counts).
"""

import time
from datetime import UTC, datetime

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.outbox.store import REJECTED
from mobile.screens.base import QuidScreen
from mobile.ui.text import plural, time_ago
from mobile.ui.widgets import QuidButton

LIVE_UPDATE_SECONDS = 1.0
# Kinds of item the app has a screen to fix in ("post" reopens the compose form).
FIXABLE_KINDS = {"post"}


def state_text(item, *, now: float) -> str:
    """'Waiting to send · 3 attempts · next try in 20 s', or the server's reason for refusing."""
    if item.state == REJECTED:
        refusal = item.refusal
        # A validation error's own words ("The needed-by date is in the past.") read better
        # than its summary, which names fields the way the API spells them.
        return " ".join(refusal.field_errors.values()) or refusal.message
    parts = ["Waiting to send"]
    if item.attempts:
        parts.append(plural(item.attempts, "attempt"))
        wait = item.next_attempt_at - now
        if wait >= 1:
            parts.append(f"next try in {int(wait)} s")
    return " · ".join(parts)


def queued_when(item) -> str:
    moment = datetime.fromtimestamp(item.created_at, tz=UTC).isoformat()
    return f"Queued {time_ago(moment)}"


class OutboxRow(BoxLayout):
    """One outbox item: its label, its state, and Fix / Discard when it was refused."""

    item_id = NumericProperty(0)
    label_text = StringProperty("")
    state_text = StringProperty("")
    when_text = StringProperty("")
    rejected = BooleanProperty(False)
    screen = ObjectProperty(None, rebind=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The row's buttons by name ("fix_button", "discard_button"), for tests.
        self.buttons = {}


class OutboxScreen(QuidScreen):
    """Every item still in the outbox, oldest first."""

    summary = StringProperty("")
    has_items = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(name="outbox", title="Outbox", **kwargs)
        self._shown = None  # what the list shows, to rebuild only when it changes
        self._ticker = None
        self.rows: dict[int, OutboxRow] = {}
        self.session.bind(
            queued=self._changed,
            rejected=self._changed,
            online=self._changed,
            on_outbox_sent=self._changed,
            on_outbox_rejected=self._changed,
        )

    def refresh(self) -> None:
        self.show_items(force=True)

    def on_enter(self, *_args) -> None:
        if self._ticker is None:
            self._ticker = Clock.schedule_interval(self._tick, LIVE_UPDATE_SECONDS)

    def _tick(self, _elapsed) -> None:
        if self.get_root_window() is None:
            self.on_leave()  # the app closed while the outbox was showing
            return
        self.show_items()

    def on_leave(self, *_args) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None

    def _changed(self, *_args) -> None:
        if self.manager is not None and self.manager.current == self.name:
            self.show_items()

    def show_items(self, *, force: bool = False) -> None:
        """Read the outbox and show it (only rebuilt when something visible changed)."""
        now = time.time()
        items = self.session.outbox_items()
        shown = [(item.id, item.label, item.state, state_text(item, now=now), queued_when(item)) for item in items]
        queued, rejected = self.session.queued, self.session.rejected
        parts = [f"{int(queued)} waiting to send"] if queued else []
        if rejected:
            parts.append(f"{int(rejected)} refused by the server")
        summary = " · ".join(parts) or "Everything you sent has reached Quid."
        if not self.session.online:
            summary = "Offline. " + summary + (". They go out when the connection is back." if queued else "")
        self.summary = summary
        if shown == self._shown and not force:
            return
        self._shown = shown
        self.has_items = bool(items)
        box = self.ids.items_box
        box.clear_widgets()
        self.rows = {}
        for item, (_id, _label, _state, words, when) in zip(items, shown):
            row = OutboxRow(
                item_id=item.id,
                label_text=item.label,
                state_text=words,
                when_text=when,
                rejected=item.state == REJECTED,
                screen=self,
            )
            if item.state == REJECTED:
                if item.kind in FIXABLE_KINDS:
                    row.buttons["fix_button"] = self._button("Fix", lambda item_id=item.id: self.fix(item_id))
                row.buttons["discard_button"] = self._button(
                    "Discard", lambda item_id=item.id: self.discard(item_id), role="quiet-danger"
                )
                for button in row.buttons.values():
                    row.ids.actions.add_widget(button)
            box.add_widget(row)
            self.rows[item.id] = row

    @staticmethod
    def _button(text: str, action, role: str = "secondary") -> QuidButton:
        button = QuidButton(text=text, role=role)
        button.bind(on_release=lambda *_args: action())
        return button

    def retry_now(self) -> None:
        self.session.retry_now()
        self.show_items(force=True)

    def fix(self, item_id: int) -> None:
        """Reopen a refused post in the compose form, as written, with the server's messages."""
        self.navigator.open("compose", rejected_item_id=item_id)

    def discard(self, item_id: int) -> None:
        self.session.discard(item_id)
        self.show_items(force=True)


SCREEN = OutboxScreen
