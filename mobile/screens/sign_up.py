"""Self sign-up, where the firm allows its own email domains: name, work email, password.

The server answers the same whoever asks (it never says whether an email has an account);
the person then waits for an admin to place them in their division, and signs in on the
sign-in screen once that is done.
"""

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from mobile.joining import name_and_password_problems
from mobile.screens.base import QuidScreen

FIELDS = ("email", "display_name", "password")


class SignUpScreen(QuidScreen):
    """Ask to join from a firm email domain."""

    domains = ListProperty([])
    done = BooleanProperty(False)
    answer = StringProperty("")

    def __init__(self, **kwargs):
        # Not signed in yet: no bars (the bottom bar's places need an account); a back button instead.
        super().__init__(name="sign_up", title="Sign up", show_bars=False, **kwargs)

    def refresh(self) -> None:
        self.domains = list(self.parameters.get("domains") or [])
        self.done, self.answer = False, ""
        self.ids.password.text = ""
        self.show_field_errors({})

    def show_field_errors(self, errors: dict) -> None:
        for field in FIELDS:
            self.ids[f"{field}_box"].error = errors.get(field, "")

    def problems(self) -> dict:
        problems = name_and_password_problems(display_name=self.ids.display_name.text, password=self.ids.password.text)
        email = self.ids.email.text.strip().lower()
        if self.domains and email.rpartition("@")[2] not in self.domains:
            problems["email"] = "Use your " + " or ".join(f"@{domain}" for domain in self.domains) + " address."
        return problems

    def submit(self) -> None:
        problems = self.problems()
        self.show_field_errors(problems)
        if problems:
            return
        self.error = ""
        email = self.ids.email.text.strip()
        body = {"email": email, "display_name": self.ids.display_name.text.strip(), "password": self.ids.password.text}

        def answered(answer):
            self.session.settings.remember(last_email=email.lower())
            self.done, self.answer = True, answer.get("message", "")

        self.loading = True
        self.session.api.request(
            "POST",
            "/auth/sign-up",
            body=body,
            authenticated=False,
            on_success=answered,
            on_error=lambda error: self.show_refusal(error, show_field_errors=self.show_field_errors),
            on_finish=lambda: setattr(self, "loading", False),
        )

    def back_to_sign_in(self) -> None:
        self.navigator.switch("sign_in")


SCREEN = SignUpScreen
