"""A dialog asking for a note before an action: "Out of date?" (what changed, for the
author) and an admin's "Hide" (why, for the author and the audit log).

`check(text)` returns the cleaned note and what is wrong with it ('' when nothing); the
note is handed on only once it passes. Plain labels: names and titles show as written.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView

import mobile.ui.dialogs  # noqa: F401  (DialogFrame, for note_dialog.kv)


class NoteDialog(ModalView):
    """A heading, what the action does, a note field, and the action or Cancel."""

    heading = StringProperty("")
    message = StringProperty("")
    caption = StringProperty("")
    hint = StringProperty("")
    confirm_text = StringProperty("Send")
    danger = BooleanProperty(False)
    error = StringProperty("")

    def __init__(
        self,
        *,
        heading: str,
        message: str,
        caption: str,
        confirm_text: str,
        check,
        on_submit,
        hint: str = "",
        danger: bool = False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.heading, self.message, self.caption, self.hint = heading, message, caption, hint
        self.confirm_text, self.danger = confirm_text, danger
        self._check, self._on_submit = check, on_submit

    def submit(self) -> None:
        note, self.error = self._check(self.ids.note.text)
        if self.error:
            return
        self.dismiss()
        self._on_submit(note)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
