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
from shared.limits import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH


def check_update(title: str, body: str, *, old_title: str, old_body: str) -> tuple[dict, dict[str, str]]:
    """The PATCH body (only the fields that changed) and a message per field at fault."""
    errors, changes = {}, {}
    title = " ".join(title.split())
    if not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
        errors["title"] = f"A title of {TITLE_MIN_LENGTH} to {TITLE_MAX_LENGTH} characters."
    elif title != old_title:
        changes["title"] = title
    if not body.strip():
        errors["body"] = "Say what is true now."
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = f"Keep it under {BODY_MAX_LENGTH + 1:,} characters."
    elif body != old_body:
        changes["body"] = body
    if not errors and not changes:
        errors["body"] = "Change the title or the text; if it is all still true, use “Still true”."
    return changes, errors


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
        changes, errors = check_update(self.ids.title.text, self.ids.body.text,
                                       old_title=self._old_title, old_body=self._old_body)
        self.title_error, self.body_error = errors.get("title", ""), errors.get("body", "")
        if errors:
            return
        self.dismiss()
        self._on_save(changes)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
