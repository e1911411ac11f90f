"""Sign in: the server address (remembered), email and password."""

from mobile.api.errors import NetworkError, plain_message
from mobile.screens.base import QuidScreen


def sign_in_failure(error: BaseException, server_address: str) -> str:
    """Why signing in failed; no answer at all most often means a mistyped address."""
    if isinstance(error, NetworkError):
        return f"No Quid server answered at {server_address}. Check the address and your connection."
    return plain_message(error)


class SignInScreen(QuidScreen):
    """The first screen, and where a refused session sends the person back to."""

    def __init__(self, **kwargs):
        super().__init__(name="sign_in", title="Sign in", show_bars=False, **kwargs)

    def refresh(self) -> None:
        settings = self.session.settings
        self.ids.server_address.text = settings.server_address
        if not self.ids.email.text:
            self.ids.email.text = settings.last_email
        self.ids.password.text = ""

    def submit(self) -> None:
        email = self.ids.email.text.strip()
        password = self.ids.password.text
        server_address = self.ids.server_address.text.strip()
        if not server_address.startswith(("http://", "https://")):
            self.error = "The server address starts with http:// or https://."
            return
        if not email or not password:
            self.error = "Enter your email and password."
            return
        self.loading = True
        self.error = ""
        self.session.sign_in(
            server_address=server_address, email=email, password=password,
            on_success=lambda _user: self.navigator.switch("feed"),
            on_error=lambda error: setattr(self, "error", sign_in_failure(error, server_address)),
            on_finish=lambda: setattr(self, "loading", False))


SCREEN = SignInScreen
