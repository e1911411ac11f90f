"""Moving between screens: a ScreenManager with a back stack.

Screens never reach into each other or through `app.root.ids`; they ask the navigator to
open a screen by name with parameters (`navigator.open("post", post_id=7)`).
"""

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager


class Navigator(EventDispatcher):
    """Open screens by name; `back()` returns to the previous one."""

    current = StringProperty("")
    can_go_back = BooleanProperty(False)

    def __init__(self, manager: ScreenManager, **kwargs):
        super().__init__(**kwargs)
        self.manager = manager
        # No slide animations: instant on slow phones and deterministic for tests.
        self.manager.transition = NoTransition()
        self._history: list[tuple[str, dict]] = []

    def screen(self, name: str):
        """The screen called `name`."""
        return self.manager.get_screen(name)

    def open(self, name: str, **parameters) -> None:
        """Show screen `name` with `parameters`, remembering where we came from."""
        if self.current:
            self._history.append((self.current, self.screen(self.current).parameters))
        self._show(name, parameters)

    def switch(self, name: str, **parameters) -> None:
        """Show a top-level screen (a bottom-bar destination): the back stack starts over."""
        self._history.clear()
        self._show(name, parameters)

    def back(self) -> bool:
        """Return to the previous screen; False when there is none."""
        if not self._history:
            return False
        name, parameters = self._history.pop()
        self._show(name, parameters, returning=True)
        return True

    def _show(self, name: str, parameters: dict, returning: bool = False) -> None:
        screen = self.screen(name)
        screen.enter(returning=returning, **parameters)
        self.manager.current = name
        self.current = name
        self.can_go_back = bool(self._history)
