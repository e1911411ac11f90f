"""Driving the real Kivy app in tests: real widgets, real touches, a real server.

Import this before anything else from Kivy: it makes Kivy headless (SDL's offscreen video
driver), keeps it away from the command line and from ~/.kivy, and sizes the window like a
phone held upright.

    phone = Phone(server.base_url, tmp_path / "phone")
    phone.sign_in("ana.lopez@quid.example", DEMO_PASSWORD)
    phone.tap(phone.screen.ids.tab_insights)
    phone.wait_until(lambda: phone.screen.ids.posts.data, "the insights")
"""

import atexit
import os
import shutil
import tempfile
import time

os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ["KIVY_NO_ARGS"] = "1"
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_CLIPBOARD", "dummy")
if "KIVY_HOME" not in os.environ:
    os.environ["KIVY_HOME"] = tempfile.mkdtemp(prefix="quid-kivy-home-")
    atexit.register(shutil.rmtree, os.environ["KIVY_HOME"], ignore_errors=True)

from mobile.ui.window_size import PHONE_WINDOW_SIZE, configure_phone_window  # noqa: E402

configure_phone_window()
if os.environ.get("QUID_TEST_WINDOW_SIZE"):
    # A desktop window instead (the screenshots of the admin screens), e.g. "1280x800".
    from kivy.config import Config  # noqa: E402

    _width, _height = os.environ["QUID_TEST_WINDOW_SIZE"].split("x")
    Config.set("graphics", "width", _width)
    Config.set("graphics", "height", _height)

from kivy.base import EventLoop  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402
from kivy.uix.behaviors import ButtonBehavior  # noqa: E402

from mobile.outbox.backoff import Backoff  # noqa: E402
from mobile.session import Session  # noqa: E402
from mobile.shell import Shell  # noqa: E402

# User text that would restyle a markup label if the app forgot to escape it.
HOSTILE_MARKUP = "[ref=x][size=60]Boom[/size][/ref]"
# Short retries so that a test does not wait out a phone's minute-long backoff.
TEST_BACKOFF = Backoff(first=0.2, ceiling=1.0)
FRAME_SECONDS = 1 / 60
DEFAULT_TIMEOUT = 20

EventLoop.ensure_window()
# Whatever imported Kivy first, the window is a phone's: a module that imported a screen
# before this driver opens the window at Kivy's default 800x600, where the sign-in form no
# longer fits and its last button sits on the bottom edge (seen as taps never received, in
# whichever xdist worker ran tests/test_analytics_figures.py first).
_wanted_size = (
    tuple(int(value) for value in os.environ["QUID_TEST_WINDOW_SIZE"].split("x"))
    if os.environ.get("QUID_TEST_WINDOW_SIZE")
    else PHONE_WINDOW_SIZE
)
if tuple(Window.size) != _wanted_size:
    Window.size = _wanted_size


def pump(seconds: float = 0.1) -> None:
    """Let Kivy run its clock, input and drawing for `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        EventLoop.idle()
        if time.monotonic() >= deadline:
            return
        time.sleep(FRAME_SECONDS)


def wait_until(condition, what: str, timeout: float = DEFAULT_TIMEOUT):
    """Pump frames until `condition()` is truthy; its value, or AssertionError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        EventLoop.idle()
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(FRAME_SECONDS)


def wait_until_or_none(condition, timeout: float):
    """Pump frames until `condition()` is truthy; its value, or None after `timeout`."""
    try:
        return wait_until(condition, "", timeout)
    except AssertionError:
        return None


def _scroll_view_holding(widget):
    """The nearest ScrollView around `widget`, or None."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            return parent
        parent = parent.parent
    return None


def describe_point(widget) -> str:
    """Where `widget` is and what lies under its middle, for a tap that went astray."""
    x, y = widget.to_window(*widget.center)
    under = []

    def visit(node, depth=0):
        if node.collide_point(*node.to_widget(x, y)) if node is not Window else True:
            under.append(
                f"{'  ' * depth}{type(node).__name__}{' disabled' if getattr(node, 'disabled', False) else ''}"
            )
            for child in node.children:
                visit(child, depth + 1)

    visit(Window)
    return (
        f"its middle at {(round(x), round(y))} in a {Window.width}x{Window.height} window, "
        f"size {widget.size}, opacity {widget.opacity}; under that point:\n" + "\n".join(under)
    )


def reveal(widget) -> None:
    """Scroll `widget` into view, as the person's thumb would before tapping it."""
    pump(0.05)  # let a list rebuilt a moment ago lay out first
    scroller = _scroll_view_holding(widget)
    # Kivy's scroll_to misplaces content shorter than the view (nothing to scroll then).
    if scroller is not None and scroller.children and scroller.children[0].height > scroller.height:
        scroller.scroll_to(widget, animate=False)
        pump(0.1)


def settled_point(widget, frames: int = 3, timeout: float = DEFAULT_TIMEOUT) -> tuple[float, float]:
    """The window point at the middle of `widget` once layout has stopped moving it and it lies
    inside the window and inside the ScrollView that holds it, if any (scrolled into view).

    A freshly shown screen takes a few frames to lay out (wrapped text sets heights, which
    move what is below); on a loaded machine one pump may be a single frame, and a tap
    computed from the first frame's position lands on nothing (seen as a join screen that
    never opened in CI).
    """
    deadline = time.monotonic() + timeout
    previous, unchanged = None, 0
    scroll_view = _scroll_view_holding(widget)
    while True:
        EventLoop.idle()
        point = widget.to_window(*widget.center)
        inside = 0 <= point[0] < Window.width and 0 <= point[1] < Window.height
        if scroll_view is not None:
            # In the window is not enough: a point scrolled under the bottom bar (content that
            # grew after the last scroll) would tap the bar's button instead.
            left, bottom = scroll_view.to_window(*scroll_view.pos)
            inside = (
                inside
                and left <= point[0] < left + scroll_view.width
                and bottom <= point[1] < bottom + scroll_view.height
            )
        if not inside and scroll_view is not None:
            scroll_view.scroll_to(widget, padding=10, animate=False)
        unchanged = unchanged + 1 if point == previous and inside else 0
        if unchanged >= frames:
            return point
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {widget!r} to settle in view")
        previous = point
        time.sleep(FRAME_SECONDS)


class Phone:
    """One installation of the app: its own data directory, session and window content."""

    def __init__(self, server_address: str, data_directory, *, backoff: Backoff = TEST_BACKOFF):
        self.data_directory = data_directory
        self.session = Session(data_directory=data_directory, server_address=server_address, backoff=backoff)
        self.shell = Shell(session=self.session)
        self.show()
        self.shell.start()
        pump(0.1)

    def show(self) -> None:
        """Put this phone's app in the window (tests with two phones take turns)."""
        for child in list(Window.children):
            Window.remove_widget(child)
        Window.add_widget(self.shell)
        pump(0.05)

    def close(self) -> None:
        """Quit the app the way the OS would let it: sender stopped, outbox left on disk."""
        self.shell.stop()
        if self.shell.parent is not None:
            Window.remove_widget(self.shell)

    @property
    def screen(self):
        return self.shell.current_screen

    @property
    def navigator(self):
        return self.shell.navigator

    def tap(self, widget) -> None:
        """A finger down and up on the middle of `widget`, through the window like a real touch."""
        wait_until(
            lambda: widget.get_root_window() is not None and not widget.disabled,
            f"{widget!r} to be on screen and enabled",
        )
        # A touch during a screen transition is swallowed by the ScreenManager; on a loaded
        # machine a tap can land in one (seen as a join screen that never opened).
        screens = self.shell.ids.screens
        wait_until(lambda: not screens.transition.is_active, "the screen transition to finish")
        if not isinstance(widget, ButtonBehavior):
            self._touch(widget)
            return
        # A ScrollView hands a tap to its content only when the finger lifts, and the
        # button's release a moment later: if layout moves the button in between (an answer
        # from the server showing something above it), the release misses it. A person taps
        # again; so does the driver, up to three times, and only when no release came.
        released = []
        record = lambda *_args: released.append(True)  # noqa: E731
        widget.fbind("on_release", record)
        try:
            # Waiting longer after each miss: on a machine busy with other tests a frame can
            # take a second, and the ScrollView releases on a timer of its own.
            for patience in (0.5, 1.0, 2.0, 4.0):
                self._touch(widget)
                if released or wait_until_or_none(lambda: released, patience):
                    return
            raise AssertionError(f"four taps on {widget!r} were never received; {describe_point(widget)}")
        finally:
            widget.funbind("on_release", record)

    def _touch(self, widget) -> None:
        """One finger down and up on the settled middle of `widget`."""
        x, y = settled_point(widget)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        pump(0.02)
        touch.touch_up()
        pump(0.1)

    def tap_in_view(self, widget) -> None:
        """Scroll `widget` into view, then tap it."""
        reveal(widget)
        self.tap(widget)

    def open_post(self, post_id: int):
        """Show a post the way the feed does, and wait for it and its answers; the screen."""
        self.navigator.open("post", post_id=post_id)
        screen = self.wait_for_screen("post")
        wait_until(lambda: screen.post.get("id") == post_id, "the post to load")
        self.wait_idle(screen)
        return screen

    def bottom_bar_button(self, destination: str):
        """The bottom bar's button for `destination` (feed, trades, compose, leaderboard, profile)."""
        return next(
            button for button in self.shell.ids.bottom_bar.children if getattr(button, "destination", "") == destination
        )

    def drag(self, widget, *, dy: float, steps: int = 8) -> None:
        """A finger on `widget` moving `dy` pixels (positive: up, scrolling content up) and lifting."""
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        pump(0.02)
        for step in range(1, steps + 1):
            touch.touch_move(x, y + dy * step / steps)
            pump(0.02)
        touch.touch_up()
        pump(0.1)

    def type(self, field, text: str) -> None:
        """Replace what `field` holds with `text`, as typing would."""
        field.focus = True
        field.select_all()
        field.delete_selection()
        field.insert_text(text)
        field.focus = False
        pump(0.02)

    def wait_for_screen(self, name: str, timeout: float = DEFAULT_TIMEOUT):
        wait_until(lambda: self.shell.ids.screens.current == name, f"the {name} screen", timeout)
        return self.screen

    def wait_for_sign_in_screen(self, timeout: float = DEFAULT_TIMEOUT):
        """The sign-in screen once the server has said how one signs in there (its answer
        may add a button above the fields)."""
        screen = self.wait_for_screen("sign_in", timeout)
        wait_until(lambda: screen.options_known, "the server's sign-in options", timeout)
        return screen

    def wait_idle(self, screen=None, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Until the screen (default: the current one) has finished loading."""
        screen = screen or self.screen
        pump(0.05)
        wait_until(lambda: not screen.loading, f"{screen.name} to finish loading", timeout)

    def sign_in(self, email: str, password: str) -> None:
        """Through the sign-in screen, then wait for the feed."""
        screen = self.wait_for_sign_in_screen()
        self.type(screen.ids.email, email)
        self.type(screen.ids.password, password)
        self.tap(screen.ids.sign_in_button)
        self.wait_for_screen("feed")
        wait_until(lambda: self.session.user is not None, "the profile to load")
