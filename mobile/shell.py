"""The app's frame: top bar with the status line, the screens, the bottom bar."""

import importlib
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

import mobile.ui.paged_list  # noqa: F401  (registers PagedList for the .kv files)
import mobile.ui.posted_notice  # noqa: F401  (registers PostedNotice for shell.kv)
import mobile.ui.widgets  # noqa: F401  (registers the shared widget rules)
from mobile.navigation import Navigator
from mobile.offline.status import status_line
from mobile.screens import SCREEN_MODULES
from mobile.session import Session

UNREAD_POLL_SECONDS = 60
# "saved 12 min ago" in the status line moves on while nothing else happens.
STATUS_TICK_SECONDS = 20
_loaded_rules: set[str] = set()


def screen_classes():
    """Each screen module's SCREEN class, its .kv file loaded once per process."""
    classes = []
    for module_name in SCREEN_MODULES:
        module = importlib.import_module(f"mobile.screens.{module_name}")
        rules = Path(module.__file__).with_suffix(".kv")
        if rules.exists() and str(rules) not in _loaded_rules:
            Builder.load_file(str(rules))
            _loaded_rules.add(str(rules))
        classes.append(module.SCREEN)
    return classes


class Shell(BoxLayout):
    """The root widget for one session: build it, add it to the window, call `start()`."""

    session = ObjectProperty(None)
    navigator = ObjectProperty(None, rebind=True)
    # The current screen's title, spinner and bars, followed here because the kv rules cannot
    # bind through ScreenManager.current_screen (not a rebinding property).
    current_title = StringProperty("")
    current_loading = BooleanProperty(False)
    bars_visible = BooleanProperty(False)
    current_saved_at = NumericProperty(0)
    # The status line under the title: connection, outbox, age of what shows ('' when all is well).
    status = StringProperty("")

    def __init__(self, *, session: Session, **kwargs):
        super().__init__(session=session, **kwargs)
        self.navigator = Navigator(self.ids.screens)
        for screen_class in screen_classes():
            self.ids.screens.add_widget(screen_class(session=session, navigator=self.navigator))
        self.ids.screens.bind(current_screen=self._follow_screen)
        session.bind(
            on_signed_out=lambda *_args: self.navigator.switch("sign_in"),
            on_outbox_rejected=self._outbox_rejected,
            online=self._update_status,
            queued=self._update_status,
            rejected=self._update_status,
        )
        self.bind(current_saved_at=self._update_status)
        self._poll = None
        self._status_tick = None
        self._update_status()

    def _follow_screen(self, _manager, screen) -> None:
        if getattr(self, "_followed", None) is not None:
            self._followed.unbind(
                title=self.setter("current_title"),
                loading=self.setter("current_loading"),
                show_bars=self.setter("bars_visible"),
                saved_at=self.setter("current_saved_at"),
            )
        self._followed = screen
        if screen is None:
            return
        screen.bind(
            title=self.setter("current_title"),
            loading=self.setter("current_loading"),
            show_bars=self.setter("bars_visible"),
            saved_at=self.setter("current_saved_at"),
        )
        self.current_title, self.current_loading, self.bars_visible = screen.title, screen.loading, screen.show_bars
        self.current_saved_at = screen.saved_at

    @property
    def current_screen(self):
        return self.ids.screens.current_screen

    def start(self) -> None:
        """Show the feed when a session is remembered, else the sign-in screen."""
        if self.session.signed_in:
            self.navigator.switch("feed")
            self.session.refresh_me()
            self.session.refresh_unread()
        else:
            self.navigator.switch("sign_in")
        self._poll = Clock.schedule_interval(lambda _elapsed: self.session.refresh_unread(), UNREAD_POLL_SECONDS)
        self._status_tick = Clock.schedule_interval(lambda _elapsed: self._update_status(), STATUS_TICK_SECONDS)

    def stop(self) -> None:
        """Stop polling and close the session (the outbox stays on disk)."""
        for timer in (self._poll, self._status_tick):
            if timer is not None:
                timer.cancel()
        self.session.close()

    def _update_status(self, *_args) -> None:
        session = self.session
        self.status = status_line(
            online=session.online, queued=session.queued, rejected=session.rejected, saved_at=self.current_saved_at
        )

    def open_outbox(self) -> None:
        """The status line's tap: what waits to be sent or fixed (nothing to open otherwise)."""
        if (self.session.queued or self.session.rejected) and "outbox" in self.ids.screens.screen_names:
            self.navigator.open("outbox")

    def _outbox_rejected(self, _session, item, _error) -> None:
        # The person fixes a refused post where they wrote it.
        if item.kind == "post" and "compose" in self.ids.screens.screen_names:
            self.navigator.open("compose", rejected_item_id=item.id)

    def go_back(self) -> None:
        self.navigator.back()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
