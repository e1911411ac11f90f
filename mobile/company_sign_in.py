"""Signing in with the company account, on a phone or a desktop, with no custom URL scheme.

The app asks the server to start (POST /auth/sso/start), opens the address it gets in the
system browser, and shows the six-digit code the browser will show too. The person signs
in at the firm's identity provider and confirms in the browser that the codes match; the
app meanwhile polls the server with its secret ticket (POST /auth/sso/session) on the
Kivy clock, off the UI thread, until the server hands over the tokens (once), says why the
sign-in failed, or the sign-in expires. Leaving the app for the browser and coming back
loses nothing: polling resumes with the clock.
"""

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, StringProperty

from mobile.api.errors import ApiError, NetworkError, plain_message

DEFAULT_POLL_SECONDS = 2
# Polls that found no network in a row before the app stops and says so.
MAX_NETWORK_FAILURES = 15


class CompanySignIn(EventDispatcher):
    """One sign-in with the company account at a time; `active` while it waits for the browser."""

    active = BooleanProperty(False)
    confirmation_code = StringProperty("")
    status = StringProperty("")
    error = StringProperty("")

    __events__ = ("on_signed_in",)

    def __init__(self, *, session, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self._ticket = None
        self._browser_url = ""
        self._poll_seconds = DEFAULT_POLL_SECONDS
        self._network_failures = 0
        self._timer = None
        self._generation = 0

    def start(self, *, server_address: str) -> None:
        """Ask the server to begin, then open the system browser at the provider."""
        self.cancel()
        self.session.use_server(server_address)
        self._generation += 1
        generation = self._generation
        self.active, self.error, self.confirmation_code = True, "", ""
        self.status = "Opening your company's sign-in page…"

        def started(answer):
            if generation != self._generation:
                return
            self._ticket = answer["ticket"]
            self._browser_url = answer["browser_url"]
            self._poll_seconds = max(1, int(answer.get("poll_seconds") or DEFAULT_POLL_SECONDS))
            self.confirmation_code = answer.get("confirmation_code", "")
            self.status = "Sign in in your browser, then confirm there that it shows this code:"
            self.session.open_browser(self._browser_url)
            self._schedule_poll()

        self.session.api.request(
            "POST",
            "/auth/sso/start",
            authenticated=False,
            on_success=started,
            on_error=lambda error: self._stop(generation, error),
        )

    def reopen_browser(self) -> None:
        """Open the sign-in page again (the person closed the browser tab)."""
        if self.active and self._browser_url:
            self.session.open_browser(self._browser_url)

    def cancel(self) -> None:
        """Stop waiting; a sign-in finished in the browser later is simply never collected."""
        self._generation += 1
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._ticket = None
        self.active = False
        self.status = self.confirmation_code = ""

    def _schedule_poll(self) -> None:
        self._timer = Clock.schedule_once(lambda _elapsed: self._poll(self._generation), self._poll_seconds)

    def _poll(self, generation: int) -> None:
        if generation != self._generation or self._ticket is None:
            return

        def answered(answer):
            if generation != self._generation:
                return
            self._network_failures = 0
            if answer.get("status") == "signed_in":
                user = self.session.adopt(answer)
                self.cancel()
                self.dispatch("on_signed_in", user)
            else:
                self._schedule_poll()

        def failed(error):
            if generation != self._generation:
                return
            if isinstance(error, NetworkError) or (isinstance(error, ApiError) and error.is_temporary):
                self._network_failures += 1
                if self._network_failures < MAX_NETWORK_FAILURES:
                    self._schedule_poll()
                    return
            self._stop(generation, error)

        self.session.api.request(
            "POST",
            "/auth/sso/session",
            body={"ticket": self._ticket},
            authenticated=False,
            on_success=answered,
            on_error=failed,
        )

    def _stop(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.cancel()
        self.error = plain_message(error)

    def on_signed_in(self, user: dict) -> None:
        pass
