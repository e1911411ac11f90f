"""Two small dialogs the admin screens use: confirm an action, or type one line of text.

Both are ModalViews over the screen, at most MAX_DIALOG_WIDTH wide so that they read well in
a desktop window; their text is plain (markup off), so names show as written.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView


class ConfirmDialog(ModalView):
    """'Deactivate Ana López?' with the consequence spelled out, and the action or Cancel."""

    heading = StringProperty("")
    message = StringProperty("")
    confirm_text = StringProperty("Confirm")
    danger = BooleanProperty(False)

    def __init__(self, *, heading: str, message: str, confirm_text: str, on_confirm, danger: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.heading, self.message, self.confirm_text, self.danger = heading, message, confirm_text, danger
        self._on_confirm = on_confirm

    def confirm(self) -> None:
        self.dismiss()
        self._on_confirm()


class TextPromptDialog(ModalView):
    """One line of text, such as a division's new name; `error` shows under the field."""

    heading = StringProperty("")
    caption = StringProperty("")
    confirm_text = StringProperty("Save")
    error = StringProperty("")

    def __init__(self, *, heading: str, caption: str, text: str, confirm_text: str, on_submit, **kwargs):
        super().__init__(**kwargs)
        self.heading, self.caption, self.confirm_text = heading, caption, confirm_text
        self.ids.text.text = text
        self._on_submit = on_submit

    def submit(self) -> None:
        """Hand the text on; the caller dismisses the dialog once the server agrees (or sets `error`)."""
        text = " ".join(self.ids.text.text.split())
        if not text:
            self.error = "Enter a name."
            return
        self._on_submit(text, self)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
