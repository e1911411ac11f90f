"""Invitations (admins): invite a colleague by email into a division and role, see the code
to pass on (when mail did not carry it), and the invitations sent, withdrawing pending ones."""

from kivy.core.clipboard import Clipboard
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.administration import INVITATION_STATES, ROLE_NAMES, ROLE_VALUES, load_divisions, role_name
from mobile.screens.base import QuidScreen
from mobile.ui.dialogs import ConfirmDialog
from mobile.ui.text import parse_timestamp, time_ago

FIELDS = ("email", "division", "role")


def when_text(invitation: dict) -> str:
    """'Accepted 2 h ago', 'Expires 2026-12-08', 'Withdrawn 3 d ago'…"""
    state = invitation.get("state")
    if state == "accepted":
        return f"Accepted {time_ago(invitation.get('accepted_at'))}"
    if state == "revoked":
        return f"Withdrawn {time_ago(invitation.get('revoked_at'))}"
    expires = parse_timestamp(invitation.get("expires_at"))
    day = expires.date().isoformat() if expires else ""
    return f"Expired {day}" if state == "expired" else f"Expires {day}"


def invitation_row(invitation: dict, screen) -> dict:
    mail = ""
    if invitation.get("state") == "pending":
        mail = " · mailed" if invitation.get("mailed_at") else " · not mailed"
    return {
        "invitation_id": invitation["id"],
        "email_text": invitation.get("email", ""),
        "detail_text": f"{(invitation.get('division') or {}).get('name', '')} · {role_name(invitation.get('role'))}",
        "state_text": f"{INVITATION_STATES.get(invitation.get('state'), '')} · {when_text(invitation)}{mail}",
        "pending": invitation.get("state") == "pending",
        "screen": screen,
    }


class InvitationRow(BoxLayout):
    """One invitation; a pending one can be withdrawn. Emails show literally (no markup)."""

    invitation_id = NumericProperty(0)
    email_text = StringProperty("")
    detail_text = StringProperty("")
    state_text = StringProperty("")
    pending = BooleanProperty(False)
    screen = ObjectProperty(None, rebind=True)


class AdminInvitationsScreen(QuidScreen):
    """POST/GET /admin/invitations and POST /admin/invitations/{id}/revoke."""

    # The invitation just made: its code and whether mail carried it.
    created_code = StringProperty("")
    created_text = StringProperty("")
    pending_only = BooleanProperty(True)
    notice = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(name="admin_invitations", title="Invitations", **kwargs)
        self._divisions = {}
        self.dialog = None

    def refresh(self) -> None:
        self.created_code = self.created_text = self.notice = ""
        self.ids.role.text = ROLE_NAMES["member"]
        load_divisions(self.session.api, self._divisions_arrived)
        self.reload()

    def _divisions_arrived(self, divisions: dict) -> None:
        self._divisions = divisions
        self.ids.division.values = list(divisions)
        if self.ids.division.text not in divisions:
            self.ids.division.text = "Choose a division"

    def reload(self) -> None:
        invitations = self.ids.invitations
        invitations.api = self.session.api
        invitations.to_row = lambda invitation: invitation_row(invitation, self)
        invitations.query = {"state": "pending"} if self.pending_only else {}
        invitations.empty_text = "No invitations waiting." if self.pending_only else "No invitations yet."
        invitations.reload()

    def show_pending_only(self, pending_only: bool) -> None:
        if pending_only != self.pending_only:
            self.pending_only = pending_only
            self.reload()

    def show_field_errors(self, errors: dict) -> None:
        for field in FIELDS:
            self.ids[f"{field}_box"].error = errors.get(field, "")

    def invite(self) -> None:
        email = self.ids.email.text.strip()
        division = self._divisions.get(self.ids.division.text)
        problems = {}
        if "@" not in email:
            problems["email"] = "Enter their work email."
        if not division:
            problems["division"] = "Choose their division."
        self.show_field_errors(problems)
        if problems:
            return
        body = {"email": email, "division": division, "role": ROLE_VALUES.get(self.ids.role.text, "member")}

        def created(answer):
            invitation = answer["invitation"]
            self.created_code = answer["code"]
            self.created_text = (
                f"Invitation for {invitation['email']} ({invitation['division']['name']}, "
                f"{role_name(invitation['role'])}). "
                + (
                    "It was mailed to them; the code is here too."
                    if answer.get("mailed")
                    else "Mail did not carry it: give them this code and the server address. It works "
                    "once, until " + when_text(invitation).removeprefix("Expires ") + "."
                )
            )
            self.ids.email.text = ""
            self.reload()

        self.error = ""
        self.session.api.request(
            "POST",
            "/admin/invitations",
            body=body,
            on_success=created,
            on_error=lambda error: self.show_refusal(error, show_field_errors=self.show_field_errors),
        )

    def copy_code(self) -> None:
        Clipboard.copy(self.created_code)
        self.notice = "Code copied."

    def revoke(self, invitation_id: int, email: str) -> None:
        def revoked(_invitation):
            self.notice = f"The invitation for {email} was withdrawn."
            self.reload()

        self.dialog = ConfirmDialog(
            heading=f"Withdraw the invitation for {email}?",
            message="Its code stops working at once. You can invite them again later.",
            confirm_text="Withdraw",
            danger=True,
            on_confirm=lambda: self.fetch(f"/admin/invitations/{invitation_id}/revoke", revoked, method="POST"),
        )
        self.dialog.open()


SCREEN = AdminInvitationsScreen
