"""Chips that are chosen or not, several at a time (the welcome's topics).

`ChoiceChips` highlights the one value chosen; these highlight every value in `chosen`.
Tapping a chip still only dispatches `on_choose(value)`: the screen decides what it means
(choose, let go, or refuse a choice past a limit).
"""

from kivy.properties import ListProperty

from mobile.ui import theme
from mobile.ui.choice_chips import ChoiceChips


class ToggleChips(ChoiceChips):
    """ChoiceChips with any number of values chosen at once."""

    chosen = ListProperty([])

    def on_chosen(self, _widget, _chosen) -> None:
        self._highlight()

    def _highlight(self) -> None:
        for chip in self.children:
            on = chip.value in self.chosen
            chip.background = theme.PRIMARY if on else theme.PRIMARY_LIGHT
            chip.color = theme.ON_PRIMARY if on else theme.PRIMARY_DARK
            # A chosen chip says so by more than colour: a cross that tapping lets it go.
            chip.text = f"{chip.value}  \u00d7" if on else chip.value
