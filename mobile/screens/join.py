"""Joining with an invitation: the code an admin mailed or gave, a name and a password.

The invitation decides the email, division and role; the person only says what to be
called and chooses a password (typed twice). The server's refusals (a code already used,
expired or withdrawn) are shown under the field they concern.
"""

from mobile.joining import name_and_password_problems
from mobile.screens.base import QuidScreen
from mobile.screens.sign_in import sign_in_failure

FIELDS = ("invitation", "display_name", "password")


class JoinScreen(QuidScreen):
    """Accept an invitation and sign in."""

    def __init__(self, **kwargs):
        # Not signed in yet: no bars (the bottom bar's places need an account); a back button instead.
        super().__init__(name="join", title="Join Quid", show_bars=False, **kwargs)

    def refresh(self) -> None:
        self.ids.server_text.text = f"Joining {self.session.settings.server_address}"
        for field in ("password", "password_again"):
            self.ids[field].text = ""
        self.show_field_errors({})

    def show_field_errors(self, errors: dict) -> None:
        for field in FIELDS:
            self.ids[f"{field}_box"].error = errors.get(field, "")
        self.ids.password_again_box.error = errors.get("password_again", "")

    def problems(self) -> dict:
        """What the app can tell is wrong before asking the server."""
        problems = name_and_password_problems(display_name=self.ids.display_name.text, password=self.ids.password.text)
        if not self.ids.invitation.text.strip():
            problems["invitation"] = "Enter the invitation code from your invitation."
        if "password" not in problems and self.ids.password_again.text != self.ids.password.text:
            problems["password_again"] = "The two passwords differ."
        return problems

    def submit(self) -> None:
        problems = self.problems()
        self.show_field_errors(problems)
        if problems:
            return
        self.loading, self.error = True, ""
        server_address = self.session.settings.server_address

        def refused(error):
            self.show_refusal(
                error,
                show_field_errors=self.show_field_errors,
                describe=lambda failure: sign_in_failure(failure, server_address),
            )

        self.session.join(
            invitation=self.ids.invitation.text.strip(),
            display_name=self.ids.display_name.text.strip(),
            password=self.ids.password.text,
            on_success=lambda _user: self.navigator.switch("feed"),
            on_error=refused,
            on_finish=lambda: setattr(self, "loading", False),
        )

    def back(self) -> None:
        self.navigator.back() or self.navigator.switch("sign_in")


SCREEN = JoinScreen
