"""A container whose children are there or not at all.

Making a widget transparent and zero-high is not enough to hide it: a Label draws its text
at any height, and a QuidButton's own rule sets its opacity again whenever it is enabled or
disabled. Hidden children here are taken out of the widget tree: no space, nothing drawn,
no touches. They come back, in order, when `shown` is true again.
"""

from kivy.lang import Builder
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout


class Reveal(BoxLayout):
    """A vertical box showing its children only while `shown`."""

    shown = BooleanProperty(True)

    def __init__(self, **kwargs):
        self._kept = []
        super().__init__(**kwargs)

    def add_widget(self, widget, *args, **kwargs):
        if not self.shown:
            self._kept.append(widget)
            return
        super().add_widget(widget, *args, **kwargs)

    def on_shown(self, _widget, shown: bool) -> None:
        if shown:
            kept, self._kept = self._kept, []
            for widget in kept:
                super().add_widget(widget)
        else:
            self._kept = list(reversed(self.children)) + self._kept
            self.clear_widgets()


Builder.load_string("""
<Reveal>:
    orientation: "vertical"
    size_hint_y: None
    height: self.minimum_height
""")
