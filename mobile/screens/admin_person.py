"""One person, as an admin manages them: division, role, vouch, deactivate or reactivate. Or one
sign-up waiting to join: place it in a division and role, or turn it down.

Fields the firm's identity provider decides (a company account's division, and its role
when roles come from the provider) are shown but cannot be changed here.
"""

from kivy.properties import BooleanProperty, DictProperty, ListProperty, StringProperty

from mobile.administration import ROLE_NAMES, ROLE_VALUES, load_divisions, role_name
from mobile.screens.base import QuidScreen
from mobile.ui.dialogs import ConfirmDialog
from mobile.ui.text import time_ago


class AdminPersonScreen(QuidScreen):
    """GET/PATCH /admin/users/{id}; POST /admin/sign-ups/{id}/approve or /reject."""

    person = DictProperty({})
    sign_up = DictProperty({})
    managed = ListProperty([])
    notice = StringProperty("")
    division_names = ListProperty([])
    loaded = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(name="admin_person", title="Person", **kwargs)
        self._divisions = {}
        self.dialog = None

    @property
    def is_sign_up(self) -> bool:
        return bool(self.sign_up)

    def refresh(self) -> None:
        self.notice, self.loaded = "", False
        self.sign_up = self.parameters.get("sign_up") or {}
        self.person, self.managed = {}, []
        load_divisions(self.session.api, self._divisions_arrived)
        if self.is_sign_up:
            self.title = self.sign_up.get("display_name", "Sign-up")
            self.ids.role.text = ROLE_NAMES["member"]
            self.loaded = True
        else:
            self.fetch(f"/admin/users/{self.parameters['user_id']}", self._show_person)

    def _divisions_arrived(self, divisions: dict) -> None:
        self._divisions = divisions
        self.division_names = list(divisions)
        if self.is_sign_up and self.ids.division.text not in divisions:
            self.ids.division.text = "Choose a division"

    def _show_person(self, person: dict) -> None:
        self.person = person
        self.managed = list(person.get("managed_by_identity_provider") or [])
        self.title = person.get("display_name", "Person")
        self.ids.division.text = (person.get("division") or {}).get("name", "")
        self.ids.role.text = role_name(person.get("role"))
        self.loaded = True

    def summary_text(self) -> str:
        """Who this is, in one or two lines."""
        if self.is_sign_up:
            return (
                f"{self.sign_up.get('email', '')}\nAsked to join {time_ago(self.sign_up.get('created_at'))}. "
                f"Quid has not checked that this address is theirs: confirm with them before you approve."
            )
        if not self.person:
            return ""
        state = "Active" if self.person.get("is_active") else "Deactivated"
        credits = (
            "their credits count"
            if self.person.get("established")
            else "new: the credits they give are held until they are established"
        )
        return (
            f"{self.person.get('email', '')}\n{state} · signs in with their {self.person.get('signs_in_with', '')}"
            f" · {self.person.get('reputation', 0)} points · {credits}"
        )

    # Changing a person

    def changes(self) -> dict:
        """What differs between the choosers and the person."""
        changes = {}
        division = self._divisions.get(self.ids.division.text)
        if division and division != (self.person.get("division") or {}).get("id") and "division" not in self.managed:
            changes["division"] = division
        role = ROLE_VALUES.get(self.ids.role.text)
        if role and role != self.person.get("role") and "role" not in self.managed:
            changes["role"] = role
        return changes

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.notice = "Nothing to save: choose another division or role first."
            return
        self._patch(changes, "Saved.")

    def toggle_active(self) -> None:
        active = self.person.get("is_active", True)
        name = self.person.get("display_name", "")
        if active:
            message = (
                f"{name} is signed out everywhere at once and can no longer sign in. Their posts, answers "
                f"and points stay; they leave the directory and the leaderboards. You can reactivate them."
            )
        else:
            message = f"{name} can sign in again and reappears in the directory and the leaderboards."
        self.dialog = ConfirmDialog(
            heading=f"{'Deactivate' if active else 'Reactivate'} {name}?",
            message=message,
            confirm_text="Deactivate" if active else "Reactivate",
            danger=active,
            on_confirm=lambda: self._patch({"is_active": not active}, "Deactivated." if active else "Reactivated."),
        )
        self.dialog.open()

    def vouch(self) -> None:
        """Vouch for a colleague, after saying what it means."""
        name = self.person.get("display_name", "")
        self.dialog = ConfirmDialog(
            heading=f"Vouch for {name}?",
            message=(
                f"The credits {name} gives (uses, helpful votes, accepted answers, kept promises) count at "
                f"once, and the ones held so far are released. New colleagues' credits are held for two weeks "
                f"and until two others have credited them, so that new or colluding accounts cannot farm "
                f"points. Vouch only for someone you know is a real colleague; it cannot be taken back and "
                f"is kept in the audit log."
            ),
            confirm_text="Vouch",
            on_confirm=lambda: self._patch({"established": True}, "Vouched for."),
        )
        self.dialog.open()

    def _patch(self, body: dict, done: str) -> None:
        def saved(person):
            self._show_person(person)
            self.notice = done

        self.fetch(f"/admin/users/{self.person['id']}", saved, method="PATCH", body=body)

    # Deciding a sign-up

    def approve(self) -> None:
        division = self._divisions.get(self.ids.division.text)
        if not division:
            self.error = "Choose the division to place them in."
            return
        body = {"division": division, "role": ROLE_VALUES.get(self.ids.role.text, "member")}
        self.fetch(f"/admin/sign-ups/{self.sign_up['id']}/approve", self._decided, method="POST", body=body)

    def reject(self) -> None:
        name = self.sign_up.get("display_name", "")
        self.dialog = ConfirmDialog(
            heading=f"Turn down {name}?",
            message="They cannot sign in and cannot ask again; you can still invite them later.",
            confirm_text="Turn down",
            danger=True,
            on_confirm=lambda: self.fetch(f"/admin/sign-ups/{self.sign_up['id']}/reject", self._decided, method="POST"),
        )
        self.dialog.open()

    def _decided(self, request: dict) -> None:
        self.sign_up = {**self.sign_up, **request}
        self.notice = "Approved: they can sign in now." if request.get("state") == "approved" else "Turned down."


SCREEN = AdminPersonScreen
