"""Divisions (admins): each with its number of people; add one, or rename one with a tap."""

from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.api.errors import ApiError, plain_message
from mobile.screens.base import QuidScreen
from mobile.ui.dialogs import TextPromptDialog
from mobile.ui.text import plural


def division_row(division: dict, opener) -> dict:
    return {
        "division_id": division["id"],
        "name_text": division["name"],
        "detail_text": f"{plural(division.get('people', 0), 'person')} · {division['slug']}",
        "opener": opener,
    }


def field_error(error: BaseException, field: str) -> str:
    """The server's words about `field`, else its message."""
    if isinstance(error, ApiError) and error.field_errors.get(field):
        return error.field_errors[field]
    return plain_message(error)


class DivisionRow(ButtonBehavior, BoxLayout):
    """One division; tapping it renames it."""

    division_id = NumericProperty(0)
    name_text = StringProperty("")
    detail_text = StringProperty("")
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.division_id, self.name_text)


class AdminDivisionsScreen(QuidScreen):
    """GET/POST /admin/divisions and PATCH /admin/divisions/{id}."""

    notice = StringProperty("")
    # The rename dialog while it is open.
    dialog = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs):
        super().__init__(name="admin_divisions", title="Divisions", **kwargs)

    def refresh(self) -> None:
        self.fetch(
            "/admin/divisions",
            lambda page: setattr(
                self.ids.divisions,
                "data",
                [division_row(division, self.open_rename) for division in page.get("items", [])],
            ),
        )

    def add(self) -> None:
        name = " ".join(self.ids.new_name.text.split())
        self.ids.new_name_box.error = ""
        if len(name) < 2:
            self.ids.new_name_box.error = "A division needs a name of at least 2 characters."
            return

        def added(division):
            self.ids.new_name.text = ""
            self.notice = f"Added {division['name']}."
            self.refresh()

        self.session.api.request(
            "POST",
            "/admin/divisions",
            body={"name": name},
            on_success=added,
            on_error=lambda error: setattr(self.ids.new_name_box, "error", field_error(error, "name")),
        )

    def open_rename(self, division_id: int, name: str) -> None:
        self.dialog = TextPromptDialog(
            heading=f"Rename {name}",
            caption="New name",
            text=name,
            confirm_text="Rename",
            on_submit=lambda text, dialog: self.rename(division_id, text, dialog),
        )
        self.dialog.bind(on_dismiss=lambda *_args: setattr(self, "dialog", None))
        self.dialog.open()

    def rename(self, division_id: int, name: str, dialog) -> None:
        def renamed(division):
            dialog.dismiss()
            self.notice = f"Renamed to {division['name']}."
            self.refresh()

        self.session.api.request(
            "PATCH",
            f"/admin/divisions/{division_id}",
            body={"name": name},
            on_success=renamed,
            on_error=lambda error: setattr(dialog, "error", field_error(error, "name")),
        )


SCREEN = AdminDivisionsScreen
