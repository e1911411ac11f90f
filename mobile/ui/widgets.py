"""Widgets every screen uses; their look is in widgets.kv beside this module (loaded once)."""

from pathlib import Path

from kivy.animation import Animation
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.dropdown import DropDown
from kivy.uix.label import Label
from kivy.uix.spinner import Spinner
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from mobile.ui import theme


class QuidButton(ButtonBehavior, Label):
    """A flat, rounded button at least 48 dp tall; `role` picks its colours."""

    role = StringProperty("primary")  # primary, secondary, danger, quiet
    background = ColorProperty(theme.PRIMARY)


class TabButton(ToggleButtonBehavior, Label):
    """One tab of a tab bar; tabs sharing a `group` behave as radio buttons."""

    allow_no_selection = BooleanProperty(False)


class Card(ButtonBehavior, BoxLayout):
    """A white rounded panel; tappable when it has an `on_release` handler."""


class Panel(BoxLayout):
    """A white rounded panel that is not tappable (forms, headers)."""


class WrappedLabel(Label):
    """A label that wraps to its width and grows to fit its text."""


class MarkupLabel(WrappedLabel):
    """A wrapping markup label: build its text with mobile.ui.text (safe, bold) only."""


class SectionTitle(Label):
    """A small heading inside a screen."""


class Field(TextInput):
    """A text input sized for a thumb; `error` shows under it through a FieldBox."""


class Chooser(Spinner):
    """A drop-down choice at least 48 dp tall; its options open as a ChooserMenu."""


class ChooserMenu(DropDown):
    """A Chooser's options: a bordered menu drawn above the content that keeps clear of the
    app's top and bottom bars (Kivy's DropDown only keeps inside the window), opening below
    the chooser when they fit there and above it when there is more room."""

    def open(self, widget):
        super().open(widget)
        # After Kivy's own placement, whenever the chooser moves (bound after it, so run after it).
        widget.bind(pos=self._keep_clear, size=self._keep_clear)
        self._keep_clear()

    def dismiss(self, *args):
        if self.attach_to is not None:
            self.attach_to.unbind(pos=self._keep_clear, size=self._keep_clear)
        super().dismiss(*args)

    def _keep_clear(self, *_args) -> None:
        widget, window = self.attach_to, self.get_parent_window()
        if widget is None or window is None:
            return
        _x, bottom = widget.to_window(widget.x, widget.y)
        top = bottom + widget.height
        wanted = sum(child.height for child in self.container.children) if self.container else self.height
        room_below = bottom - theme.BOTTOM_BAR_HEIGHT
        room_above = window.height - theme.BAR_HEIGHT - top
        if wanted <= room_below or room_below >= room_above:
            self.height = max(min(wanted, room_below), 0)
            self.top = bottom
        else:
            self.height = min(wanted, room_above)
            self.y = top


class FieldBox(BoxLayout):
    """A caption, an input and its error message (the message stays last)."""

    caption = StringProperty("")
    error = StringProperty("")

    def __init__(self, **kwargs):
        self._error_text = None
        super().__init__(**kwargs)
        self._error_text = ErrorText(text=self.error)
        self.bind(error=self._error_text.setter("text"))
        super().add_widget(self._error_text)

    def add_widget(self, widget, index=0, *args, **kwargs):
        # Inputs declared in a screen's kv arrive after the error label; keep it below them.
        if self._error_text is not None and widget is not self._error_text and index == 0:
            index = 1
        super().add_widget(widget, index, *args, **kwargs)


class ErrorText(WrappedLabel):
    """An error for the person, in plain words."""


class LoadingIndicator(Widget):
    """A turning arc while `active`."""

    active = BooleanProperty(False)
    angle = NumericProperty(0)

    def on_active(self, _widget, active) -> None:
        Animation.cancel_all(self, "angle")
        if active:
            spin = Animation(angle=360, duration=0.9)
            spin.bind(on_complete=lambda *_args: setattr(self, "angle", 0))
            spin.repeat = True
            spin.start(self)


class CountBadge(Label):
    """A small round count (unread notifications); hidden at zero."""

    count = NumericProperty(0)


class ProgressTrack(Widget):
    """A thin progress bar drawn with Kivy graphics; `value` from 0 to 1."""

    value = NumericProperty(0)
    track_colour = ColorProperty(theme.LINE)
    fill_colour = ColorProperty(theme.PRIMARY)


class Chip(Label):
    """A small rounded tag such as a topic or a state."""

    background = ColorProperty(theme.PRIMARY_LIGHT)


class ChipRow(BoxLayout):
    """Chips side by side; `chips` is a list of plain strings."""

    chips = ListProperty([])
    chip_background = ColorProperty(theme.PRIMARY_LIGHT)

    def on_chips(self, _widget, chips) -> None:
        self.clear_widgets()
        for text in chips:
            # Chips are plain labels (markup off), so user text shows as written.
            self.add_widget(Chip(text=str(text), background=self.chip_background))


class EmptyState(WrappedLabel):
    """What a list shows when it has nothing yet."""


class Avatar(Label):
    """Initials in a circle, coloured by division."""

    name = StringProperty("")
    background = ColorProperty(theme.PRIMARY)

    def on_name(self, _widget, name) -> None:
        words = [word for word in name.split() if word]
        self.text = "".join(word[0] for word in words[:2]).upper()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
