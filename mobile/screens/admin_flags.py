"""The moderation queue (admins): flagged posts and answers, the longest waiting first, each
with its author, how many flagged it and why; Hide (with a note its author reads), Dismiss,
and, in the "Hidden" view, Restore.

Decisions go straight to the server, as on the other admin screens, not through the outbox:
an admin decides on what the queue shows now, and sees at once whether it took.
"""

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui.dialogs import ConfirmDialog
from mobile.ui.moderation_text import QUEUE_VIEWS, check_hide_note, queue_row
from mobile.ui.note_dialog import NoteDialog

EMPTY_TEXT = {
    "Waiting": "Nothing flagged. Flags people raise wait here for a decision.",
    "Hidden": "Nothing hidden.",
    "Dismissed": "No dismissed flags.",
}


class QueueRow(BoxLayout):
    """One flagged post or answer (plain labels) and the decisions that fit it."""

    screen = ObjectProperty(None)
    content_type = StringProperty("post")
    post_id = NumericProperty(0)
    answer_id = NumericProperty(0)
    title_text = StringProperty("")
    excerpt_text = StringProperty("")
    author_text = StringProperty("")
    flags_text = StringProperty("")
    notes_text = StringProperty("")
    status_text = StringProperty("")
    can_hide = BooleanProperty(False)
    can_dismiss = BooleanProperty(False)
    can_restore = BooleanProperty(False)

    def decide(self, decision: str) -> None:
        if self.screen is not None:
            self.screen.decide(
                decision,
                content_type=self.content_type,
                content_id=self.answer_id if self.content_type == "answer" else self.post_id,
                title=self.title_text,
            )


class AdminFlagsScreen(QuidScreen):
    """GET /admin/flags?state=…, a page at a time, and the admin's decisions."""

    # What the last decision did ("Hidden: …"), shown above the list.
    message = StringProperty("")
    dialog = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs):
        super().__init__(name="admin_flags", title="Moderation", **kwargs)

    def refresh(self) -> None:
        view = self.ids.view.text
        state = QUEUE_VIEWS.get(view, "open")
        items = self.ids.flagged
        items.api = self.session.api
        items.query = {"state": state}
        items.to_row = lambda item: {**queue_row(item, state), "screen": self}
        items.empty_text = EMPTY_TEXT.get(view, "Nothing flagged.")
        items.reload()

    def change_view(self) -> None:
        self.message = ""
        self.refresh()

    def decide(self, decision: str, *, content_type: str, content_id: int, title: str) -> None:
        """Hide (asks for the note), dismiss or restore one post or answer, then reload."""
        path = f"/admin/{content_type}s/{content_id}"
        what = "answer" if content_type == "answer" else "post"
        if decision == "hide":
            self._open(
                NoteDialog(
                    heading=f"Hide this {what}?",
                    caption="Why (its author reads this)",
                    message=f"“{title}” leaves the feed, search and links for everyone but its author and "
                    f"admins. Everyone who flagged it is told.",
                    hint="Shares a customer's pricing outside the account team",
                    confirm_text="Hide",
                    danger=True,
                    check=check_hide_note,
                    on_submit=lambda note: self._send(f"{path}/hide", {"note": note}, f"Hidden: {title}"),
                )
            )
        elif decision == "dismiss":
            self._open(
                ConfirmDialog(
                    heading="Dismiss the flags?",
                    confirm_text="Dismiss",
                    message=f"“{title}” stays up; everyone who flagged it is told.",
                    on_confirm=lambda: self._send(f"{path}/flags/dismiss", None, f"Flags dismissed: {title}"),
                )
            )
        elif decision == "restore":
            self._send(f"{path}/restore", None, f"Restored: {title}")

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.bind(on_dismiss=lambda *_args: setattr(self, "dialog", None))
        dialog.open()

    def _send(self, path: str, body, done: str) -> None:
        def decided(_result):
            self.message = done
            self.ids.flagged.reload()

        self.message = ""
        self.fetch(path, decided, method="POST", body=body or {})


SCREEN = AdminFlagsScreen
