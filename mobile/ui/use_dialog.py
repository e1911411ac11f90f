"""The "I used this" dialog: a note (required), hours saved and whether it influenced a deal.

The fields are checked by `check_use` (mobile/ui/use_text.py, pure: testable without Kivy)
against the server's limits before the use is handed on to be queued.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

from mobile.ui.use_text import check_use


class UseDialog(ModalView):
    """ "I used this": a note (required), hours saved and whether it influenced a deal."""

    heading = StringProperty("")
    note_error = StringProperty("")
    hours_error = StringProperty("")

    def __init__(self, *, heading: str, on_record, **kwargs):
        super().__init__(**kwargs)
        self.heading = heading
        self._on_record = on_record

    def record(self) -> None:
        use, errors = check_use(self.ids.note.text, self.ids.hours.text)
        self.note_error = errors.get("note", "")
        self.hours_error = errors.get("hours_saved", "")
        if errors:
            return
        use["deal_influenced"] = self.ids.deal.active
        self.dismiss()
        self._on_record(use)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
