"""My flags: what the signed-in person flagged, newest first, and how each ended — open
(an admin will look), upheld (an admin hid it) or dismissed (it stays up).

Reached from the Me screen. Tapping a row opens the post, while the person may still see it.
"""

from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.moderation_text import my_flag_row
from shared.moderation import FlagState

STATE_COLOURS = {
    FlagState.OPEN.value: theme.ACCENT,
    FlagState.UPHELD.value: theme.SUCCESS,
    FlagState.DISMISSED.value: theme.MUTED,
}


class FlagRow(ButtonBehavior, BoxLayout):
    """One flag: the post, the reason and note, the outcome (plain labels)."""

    flag_id = NumericProperty(0)
    post_id = NumericProperty(0)
    title_text = StringProperty("")
    reason_text = StringProperty("")
    state = StringProperty("")
    state_text = StringProperty("")
    screen = ObjectProperty(None)

    @staticmethod
    def state_colour(state: str):
        return STATE_COLOURS.get(state, theme.MUTED)

    def on_release(self) -> None:
        # An upheld flag's post is hidden: opening it would only say it is gone.
        if self.screen is not None and self.post_id and self.state != FlagState.UPHELD.value:
            self.screen.navigator.open("post", post_id=self.post_id)


class MyFlagsScreen(QuidScreen):
    """GET /me/flags, a page at a time."""

    def __init__(self, **kwargs):
        super().__init__(name="my_flags", title="My flags", **kwargs)

    def refresh(self) -> None:
        flags = self.ids.flags
        flags.api = self.session.api
        flags.to_row = lambda flag: {**my_flag_row(flag), "screen": self}
        flags.empty_text = "You have not flagged anything. Flag a post or an answer that should not be up."
        flags.reload()


SCREEN = MyFlagsScreen
