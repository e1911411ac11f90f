"""Updating an insight in place: its author changes the title or text, which also vouches
for it again (the server sets `verified_at` on an update of title or text).

The app has no edit screen for posts; this dialog is the author's edit path for the two
fields that make an insight true or not. Tags, account and audience stay as they are.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

import mobile.ui.dialogs  # noqa: F401  (DialogFrame, for update_insight_dialog.kv)
from mobile.ui.freshness_text import check_update


class UpdateInsightDialog(ModalView):
    """The insight's title and text, ready to edit; Save sends only what changed."""

    title_error = StringProperty("")
    body_error = StringProperty("")

    def __init__(self, *, title: str, body: str, on_save, **kwargs):
        super().__init__(**kwargs)
        self._old_title, self._old_body = title, body
        self.ids.title.text, self.ids.body.text = title, body
        self._on_save = on_save

    def save(self) -> None:
        changes, errors = check_update(
            self.ids.title.text, self.ids.body.text, old_title=self._old_title, old_body=self._old_body
        )
        self.title_error, self.body_error = errors.get("title", ""), errors.get("body", "")
        if errors:
            return
        self.dismiss()
        self._on_save(changes)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
