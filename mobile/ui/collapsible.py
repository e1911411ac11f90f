"""A vertical box shown only while `shown` is true: collapsed, it takes no room and no touches.

Hiding a widget by giving it zero height leaves its children drawn outside it; Kivy then
lets a disabled child that overlaps a neighbour swallow the neighbour's touches. A
Collapsible neither draws (opacity 0) nor passes touches to its children while collapsed.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout


class Collapsible(BoxLayout):
    """Children stacked vertically while `shown`; nothing at all otherwise."""

    shown = BooleanProperty(False)

    def on_touch_down(self, touch):
        return super().on_touch_down(touch) if self.shown else False

    def on_touch_move(self, touch):
        return super().on_touch_move(touch) if self.shown else False

    def on_touch_up(self, touch):
        return super().on_touch_up(touch) if self.shown else False


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
