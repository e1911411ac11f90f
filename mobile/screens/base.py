"""What every screen shares: the session and navigator, a title, loading and error state."""

from kivy.properties import BooleanProperty, DictProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from mobile.api.errors import ApiError, plain_message


class QuidScreen(Screen):
    """A screen of the app. Subclasses set `name`, `title` and override `refresh()`."""

    session = ObjectProperty(None)
    navigator = ObjectProperty(None)
    title = StringProperty("")
    loading = BooleanProperty(False)
    error = StringProperty("")
    # Top-level screens sit in the bottom bar; others show a back arrow.
    top_level = BooleanProperty(False)
    # The sign-in screen hides the app's bars.
    show_bars = BooleanProperty(True)
    parameters = DictProperty({})

    def enter(self, *, returning: bool = False, **parameters) -> None:
        """Called by the navigator before the screen shows, with its parameters."""
        self.parameters = parameters
        self.error = ""
        if not returning or self.refresh_on_return:
            self.refresh()

    # Screens whose content may change while the person is away reload when they come back.
    refresh_on_return = True

    def refresh(self) -> None:
        """Load what the screen shows (override)."""

    def fetch(self, path: str, on_success, *, query: dict | None = None, method: str = "GET",
              body=None, on_error=None) -> None:
        """Call the API off the UI thread, with the loading indicator and plain-words errors."""
        self.loading = True
        self.error = ""

        def failed(error):
            self.error = plain_message(error)
            if on_error is not None:
                on_error(error)

        self.session.api.request(method, path, query=query, body=body, on_success=on_success,
                                 on_error=failed, on_finish=lambda: setattr(self, "loading", False))

    def show_refusal(self, error, *, show_field_errors, describe=plain_message) -> None:
        """A validation refusal under the fields it names; anything else as the screen's error."""
        if isinstance(error, ApiError) and error.is_validation and error.field_errors:
            show_field_errors(error.field_errors)
        else:
            self.error = describe(error)

    def queue(self, *, method: str = "POST", path: str, body: dict | None = None, kind: str, label: str,
              uploads: list[dict] | None = None):
        """Put a create or action (and its photos) in the outbox; it reaches the server when it can."""
        return self.session.enqueue(method=method, path=path, body=body, kind=kind, label=label, uploads=uploads)
