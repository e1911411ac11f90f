"""Sign in: with the company account when the server has single sign-on, or with email and
password; and the ways in for someone new (an invitation, or self sign-up where allowed).

What the server offers comes from GET /auth/options, asked again whenever the server
address changes.
"""

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty

from mobile.api.errors import NetworkError, plain_message
from mobile.company_sign_in import CompanySignIn
from mobile.screens.base import QuidScreen


def sign_in_failure(error: BaseException, server_address: str) -> str:
    """Why signing in failed; no answer at all most often means a mistyped address."""
    if isinstance(error, NetworkError):
        return f"No Quid server answered at {server_address}. Check the address and your connection."
    return plain_message(error)


def sign_up_caption(domains: list[str]) -> str:
    """'New here? Sign up with your @firm.example email' (or several domains)."""
    return "New here? Sign up with your " + " or ".join(f"@{domain}" for domain in domains) + " email"


class SignInScreen(QuidScreen):
    """The first screen, and where a refused session sends the person back to."""

    company_account = BooleanProperty(False)
    self_sign_up_domains = ListProperty([])
    company = ObjectProperty(None, rebind=True)
    # False while the server's answer on how one signs in there is awaited: when it comes,
    # the company account button may appear above the fields and move them down.
    options_known = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(name="sign_in", title="Sign in", show_bars=False, **kwargs)
        self.company = CompanySignIn(session=self.session)
        self.company.bind(on_signed_in=lambda *_args: self.navigator.switch("feed"))
        self._options_for = None

    def refresh(self) -> None:
        settings = self.session.settings
        self.ids.server_address.text = settings.server_address
        if not self.ids.email.text:
            self.ids.email.text = settings.last_email
        self.ids.password.text = ""
        self.load_options(force=True)

    def server_address(self) -> str | None:
        """The typed server address, or None (with the reason shown) when it is not one."""
        address = self.ids.server_address.text.strip().rstrip("/")
        if not address.startswith(("http://", "https://")):
            self.error = "The server address starts with http:// or https://."
            return None
        return address

    def load_options(self, force: bool = False) -> None:
        """Ask the server how one signs in and joins there (once per address)."""
        address = self.ids.server_address.text.strip().rstrip("/")
        if not address.startswith(("http://", "https://")) or (address == self._options_for and not force):
            return
        self._options_for = address
        self.options_known = False
        self.session.use_server(address)

        def arrived(options):
            if address == self._options_for:
                self.company_account = bool(options.get("company_account"))
                self.self_sign_up_domains = list(options.get("self_sign_up_domains") or [])
                self.options_known = True

        def unknown(_error):
            if address == self._options_for:
                self._options_for = None  # ask again next time: the server may just be down
                self.company_account, self.self_sign_up_domains = False, []
                self.options_known = True

        self.session.api.request("GET", "/auth/options", authenticated=False, on_success=arrived, on_error=unknown)

    def submit(self) -> None:
        email = self.ids.email.text.strip()
        password = self.ids.password.text
        server_address = self.server_address()
        if server_address is None:
            return
        if not email or not password:
            self.error = "Enter your email and password."
            return
        self.loading = True
        self.error = ""
        self.session.sign_in(
            server_address=server_address,
            email=email,
            password=password,
            on_success=lambda _user: self.navigator.switch("feed"),
            on_error=lambda error: setattr(self, "error", sign_in_failure(error, server_address)),
            on_finish=lambda: setattr(self, "loading", False),
        )

    def sign_in_with_company_account(self) -> None:
        server_address = self.server_address()
        if server_address is not None:
            self.error = ""
            self.company.start(server_address=server_address)

    def open_join(self) -> None:
        if self.server_address() is not None:
            self.session.use_server(self.server_address())
            self.navigator.open("join")

    def open_sign_up(self) -> None:
        if self.server_address() is not None:
            self.session.use_server(self.server_address())
            self.navigator.open("sign_up", domains=list(self.self_sign_up_domains))


SCREEN = SignInScreen
