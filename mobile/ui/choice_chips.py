"""Tappable chips that wrap onto more lines: quick choices and suggestions.

`ChoiceChips.choices` holds the values (plain strings, shown as written: markup off);
tapping one dispatches `on_choose(value)`. Each chip is drawn as the full 48 dp touch
target it is, at least as wide as it is tall.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ColorProperty, ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.stacklayout import StackLayout

from mobile.ui import theme


class ChipButton(ButtonBehavior, Label):
    """One tappable chip; `value` is what choosing it means, `text` what it shows."""

    value = StringProperty("")
    background = ColorProperty(theme.PRIMARY_LIGHT)


class ChoiceChips(StackLayout):
    """A wrapping row of ChipButtons, one per entry of `choices`."""

    choices = ListProperty([])
    # The value shown as chosen (highlighted), if any.
    selected = StringProperty("")

    __events__ = ("on_choose",)

    def on_choices(self, _widget, choices) -> None:
        self.clear_widgets()
        for value in choices:
            chip = ChipButton(text=str(value), value=str(value))
            chip.bind(on_release=lambda button: self.dispatch("on_choose", button.value))
            self.add_widget(chip)
        self._highlight()

    def on_selected(self, _widget, _selected) -> None:
        self._highlight()

    def _highlight(self) -> None:
        for chip in self.children:
            chosen = bool(self.selected) and chip.value == self.selected
            chip.background = theme.PRIMARY if chosen else theme.PRIMARY_LIGHT
            chip.color = theme.ON_PRIMARY if chosen else theme.PRIMARY_DARK

    def chip(self, value: str) -> ChipButton | None:
        """The chip for `value` (tests and screens tap it)."""
        return next((chip for chip in self.children if chip.value == value), None)

    def on_choose(self, value: str) -> None:
        pass


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
