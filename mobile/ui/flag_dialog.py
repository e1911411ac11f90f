"""The flag dialog: what is wrong with a post or an answer (one reason from
shared/moderation.py) and a note, required for "Something else".

It checks on the phone what the server would refuse, then hands the body on; the caller
queues it through the outbox. Labels are plain text (markup off), so titles show as written.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView

import mobile.ui.dialogs  # noqa: F401  (DialogFrame, for flag_dialog.kv)
from mobile.ui.moderation_text import check_flag, reason_choices


class FlagReasonRow(ButtonBehavior, BoxLayout):
    """One reason: a radio button and its label; tapping anywhere on the row picks it."""

    value = StringProperty("")
    label = StringProperty("")
    chosen = BooleanProperty(False)


class FlagDialog(ModalView):
    """'Flag this post' / 'Flag this answer': a reason, a note, then Flag or Cancel."""

    heading = StringProperty("")
    subject = StringProperty("")
    reason = StringProperty("")
    reason_error = StringProperty("")
    note_error = StringProperty("")

    def __init__(self, *, heading: str, subject: str, on_flag, **kwargs):
        super().__init__(**kwargs)
        self.heading, self.subject = heading, subject
        self._on_flag = on_flag
        # The rows by reason value, for taps (and tests) to find them.
        self.reason_rows = {}
        for value, label in reason_choices():
            row = FlagReasonRow(value=value, label=label)
            row.bind(on_release=lambda picked: self.pick(picked.value))
            self.ids.reasons.add_widget(row)
            self.reason_rows[value] = row

    def pick(self, value: str) -> None:
        self.reason = value
        self.reason_error = ""
        for row in self.reason_rows.values():
            row.chosen = row.value == value

    def flag(self) -> None:
        body, errors = check_flag(self.reason, self.ids.note.text)
        self.reason_error = errors.get("reason", "")
        self.note_error = errors.get("note", "")
        if errors:
            return
        self.dismiss()
        self._on_flag(body)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
