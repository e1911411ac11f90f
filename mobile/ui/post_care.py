"""Freshness and moderation on the post detail screen: the marks a post carries and what
the viewer may do about it.

- `CareMarks` (under the title): "Hidden by an admin: …", "May be out of date — …",
  "Retired on …", or "Verified by its author on …".
- `PostCare` (under the post's actions): for an insight's author "Still true", "Update" and
  "Retire"; for anyone else "Out of date?" on an insight and "Flag" on any post; and a flag
  button on each answer that is not the viewer's (`decorate_answer`).

Every action goes through the screen's outbox path (`PostDetailScreen.queue_action`): the
screen reloads the post once the server has it, and shows a refusal (a repeat flag: 409)
in its notice bar. This module only adds what it confirms: "Flagged — an admin will look".
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import DictProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.ui import theme
from mobile.ui.dialogs import ConfirmDialog
from mobile.ui.flag_dialog import FlagDialog
from mobile.ui.freshness_text import check_outdated_note, freshness_mark, is_live_insight, verified_text
from mobile.ui.moderation_text import ANSWER_FLAGGED_TEXT, FLAG_WAITING_TEXT, FLAGGED_TEXT, hidden_mark
from mobile.ui.note_dialog import NoteDialog
from mobile.ui.update_insight_dialog import UpdateInsightDialog
from mobile.ui.widgets import QuidButton, WrappedLabel
from shared.enums import PostKind, Role


class CareMarks(BoxLayout):
    """The post's marks, from `post` alone (plain labels: the admin's note shows as written)."""

    post = DictProperty({})

    @staticmethod
    def hidden_text(post: dict) -> str:
        return hidden_mark(post)

    @staticmethod
    def freshness_text(post: dict) -> str:
        return freshness_mark((post or {}).get("freshness"))

    @staticmethod
    def verified_text(post: dict) -> str:
        return verified_text((post or {}).get("freshness"))


class PostCare(BoxLayout):
    """The freshness and moderation actions for `post`, shown on `screen`."""

    screen = ObjectProperty(None)
    post = DictProperty({})
    # What the last action came to ("Flagged — an admin will look"), until another post opens.
    done_text = StringProperty("")
    # The dialog while one is open (tests and screenshots reach it here).
    dialog = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.buttons = {}
        self._post_id = 0
        # Outbox items this panel queued: what to say once each is delivered.
        self._waiting: dict[int, str] = {}
        self._flagged_answers: set[int] = set()
        self._bound_session = None

    # Who may do what

    def _session(self):
        return self.screen.session if self.screen is not None else None

    def _is_admin(self) -> bool:
        session = self._session()
        return bool(session and (session.user or {}).get("role") == Role.ADMIN.value)

    def _is_mine(self, thing: dict) -> bool:
        return self.screen is not None and self.screen.is_mine(thing)

    # Building

    def on_screen(self, _panel, screen) -> None:
        if screen is not None and self._bound_session is None:
            self._bound_session = screen.session
            screen.session.bind(on_outbox_sent=self._outbox_sent, on_outbox_rejected=self._outbox_rejected)

    def on_post(self, _panel, post) -> None:
        if (post or {}).get("id") != self._post_id and post:
            # Another post: nothing said about the last one may linger.
            self._post_id = post.get("id")
            self.done_text = ""
            self._flagged_answers = set()
        self._build()

    def _build(self) -> None:
        row = self.ids.care_actions
        row.clear_widgets()
        self.buttons = {}
        post = self.post
        if not post or self.screen is None:
            return
        freshness = post.get("freshness")
        insight_live = post.get("kind") == PostKind.INSIGHT.value and is_live_insight(freshness)
        mine = self._is_mine(post)
        if insight_live and mine:
            self.buttons["verify_button"] = care_button("Still true", self.verify)
            self.buttons["update_button"] = care_button("Update", self.open_update)
        if insight_live and (mine or self._is_admin()):
            self.buttons["retire_button"] = care_button("Retire", self.confirm_retire, role="quiet-danger")
        if insight_live and not mine:
            self.buttons["outdated_button"] = care_button("Out of date?", self.open_outdated, role="secondary")
        if not mine and not post.get("hidden_at"):
            self.buttons["flag_button"] = care_button("Flag", self.open_flag, role="quiet-danger")
        for button in self.buttons.values():
            row.add_widget(button)

    def decorate_answer(self, card, answer: dict) -> None:
        """Add to an answer's card its hidden mark (for its author) and a flag button (for others)."""
        mark = hidden_mark(answer)
        if mark:
            # Above the counts and actions (a BoxLayout lays out children last-added first).
            card.add_widget(WrappedLabel(text=mark, font_size=theme.FONT_SMALL, color=theme.CAUTION), index=2)
        if answer.get("id") and not self._is_mine(answer) and not answer.get("hidden_at"):
            answer_id = answer["id"]
            if answer_id in self._flagged_answers:
                button = care_button("Flagged", lambda: None, role="quiet")
                button.disabled = True
            else:
                button = care_button("Flag", lambda: self.open_flag(answer_id=answer_id), role="quiet-danger")
            card.buttons["flag_button"] = button

    # Actions

    def _queue(self, *, path: str, kind: str, label: str, body=None, method: str = "POST", when_sent: str = "") -> None:
        item = self.screen.queue_action(method=method, path=path, body=body, kind=kind, label=label)
        if when_sent:
            self._waiting[item.id] = when_sent

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.bind(on_dismiss=lambda *_args: setattr(self, "dialog", None))
        dialog.open()

    def verify(self) -> None:
        post_id = self.post["id"]
        self._queue(
            path=f"/posts/{post_id}/verify",
            kind="verify",
            label=f"Still true: {self._title()}",
            when_sent="Marked as still true.",
        )
        # The mark goes at once; the server's answer (verified today) replaces the guess.
        freshness = {
            **(self.post.get("freshness") or {}),
            "may_be_out_of_date": False,
            "reason": None,
            "outdated_reports": 0,
        }
        self.screen.post = {**self.post, "freshness": freshness}

    def open_update(self) -> None:
        self._open(
            UpdateInsightDialog(title=self.post.get("title", ""), body=self.post.get("body", ""), on_save=self.update)
        )

    def update(self, changes: dict) -> None:
        self._queue(
            method="PATCH",
            path=f"/posts/{self.post['id']}",
            body=changes,
            kind="update",
            label=f"Update: {self._title()}",
            when_sent="Updated.",
        )
        self.screen.post = {**self.post, **changes}

    def confirm_retire(self) -> None:
        self._open(
            ConfirmDialog(
                heading="Retire this insight?",
                message="It leaves the feed and search. Its uses, points and answers stay, and anyone "
                "with the link can still read it, marked as retired. This cannot be undone.",
                confirm_text="Retire",
                danger=True,
                on_confirm=self.retire,
            )
        )

    def retire(self) -> None:
        self._queue(
            path=f"/posts/{self.post['id']}/retire",
            kind="retire",
            label=f"Retire: {self._title()}",
            when_sent="Retired.",
        )

    def open_outdated(self) -> None:
        self._open(
            NoteDialog(
                heading="Out of date?",
                caption="What changed? (required)",
                message="Its author is told and asked to update or retire it; until then it is marked "
                "as maybe out of date for everyone.",
                hint="The discount policy changed in October…",
                confirm_text="Send to the author",
                check=check_outdated_note,
                on_submit=self.report_outdated,
            )
        )

    def report_outdated(self, note: str) -> None:
        self._queue(
            path=f"/posts/{self.post['id']}/outdated",
            body={"note": note},
            kind="outdated",
            label=f"Out of date: {self._title()}",
            when_sent="Sent — its author is asked to update it.",
        )

    def open_flag(self, answer_id: int | None = None) -> None:
        if answer_id is None:
            heading, subject = "Flag this post", self.post.get("title", "")
        else:
            answer = next((a for a in self.screen.answers if a.get("id") == answer_id), {})
            author = (answer.get("author") or {}).get("display_name", "")
            heading, subject = "Flag this answer", f"By {author} on “{self._title()}”"
        self._open(
            FlagDialog(heading=heading, subject=subject, on_flag=lambda body: self.flag(body, answer_id=answer_id))
        )

    def flag(self, body: dict, *, answer_id: int | None = None) -> None:
        if answer_id is None:
            self._queue(
                path=f"/posts/{self.post['id']}/flag",
                body=body,
                kind="flag",
                label=f"Flag: {self._title()}",
                when_sent=FLAGGED_TEXT,
            )
        else:
            self._queue(
                path=f"/answers/{answer_id}/flag",
                body=body,
                kind="flag",
                label=f"Flag an answer on {self._title()}",
                when_sent=ANSWER_FLAGGED_TEXT,
            )
            self._flagged_answers.add(answer_id)
            self.screen.on_answers(self.screen, self.screen.answers)  # its button reads "Flagged"
        self.done_text = FLAG_WAITING_TEXT

    def _title(self) -> str:
        title = self.post.get("title", "")
        return title if len(title) <= 60 else title[:57] + "…"

    # The outbox's reports

    def _outbox_sent(self, _session, item, _result) -> None:
        text = self._waiting.pop(item.id, None)
        if text is not None:
            self.done_text = text

    def _outbox_rejected(self, _session, item, _error) -> None:
        # The screen says why in its notice bar; this panel only takes back its own promise.
        if self._waiting.pop(item.id, None) is not None:
            self.done_text = ""
            if item.path.startswith("/answers/"):
                self._flagged_answers.discard(int(item.path.split("/")[2]))


def care_button(text: str, action, *, role: str = "primary") -> QuidButton:
    """A button of the care row (or an answer's action row) that calls `action()`."""
    button = QuidButton(text=text, role=role)
    button.bind(on_release=lambda *_args: action())
    return button


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
