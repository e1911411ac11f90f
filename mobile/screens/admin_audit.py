"""The audit log (admins): every administrative change in one sentence, newest first, with
who made it and when; narrowed to one kind of object."""

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui.text import parse_timestamp, time_ago

# What the filter offers: its words and the API's object type ("" for everything).
OBJECT_FILTERS = {
    "Everything": "",
    "People": "person",
    "Divisions": "division",
    "Invitations": "invitation",
    "Sign-ups": "sign_up",
    "Posts": "post",
    "Answers": "answer",
}


def moment_text(value: str | None) -> str:
    """'5 min ago · 2026-12-01 14:02 UTC'."""
    moment = parse_timestamp(value)
    return f"{time_ago(value)} · {moment:%Y-%m-%d %H:%M} UTC" if moment else ""


def entry_row(entry: dict) -> dict:
    return {
        "summary_text": " ".join(entry.get("summary", "").split()),
        "when_text": f"{moment_text(entry.get('at'))} · by {entry.get('actor', '')}",
    }


class AuditRow(BoxLayout):
    """One entry; the sentence is plain text (names show as written)."""

    summary_text = StringProperty("")
    when_text = StringProperty("")


class AdminAuditScreen(QuidScreen):
    """GET /admin/audit, a page at a time."""

    def __init__(self, **kwargs):
        super().__init__(name="admin_audit", title="Audit log", **kwargs)

    def refresh(self) -> None:
        entries = self.ids.entries
        entries.api = self.session.api
        entries.to_row = entry_row
        object_type = OBJECT_FILTERS.get(self.ids.object_filter.text, "")
        entries.query = {"object_type": object_type} if object_type else {}
        entries.empty_text = "Nothing has been changed yet."
        entries.reload()


SCREEN = AdminAuditScreen
