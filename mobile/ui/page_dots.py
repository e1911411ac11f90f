"""A row of dots saying which of a few pages shows (the welcome's), drawn with Kivy graphics."""

from kivy.graphics import Color, Ellipse
from kivy.metrics import dp
from kivy.properties import NumericProperty
from kivy.uix.widget import Widget

from mobile.ui import theme

DOT = dp(8)
GAP = dp(8)


class PageDots(Widget):
    """`count` dots, the one at `current` (from 0) larger and in the primary colour."""

    count = NumericProperty(0)
    current = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, count=self._draw, current=self._draw)

    def _draw(self, *_args) -> None:
        self.canvas.clear()
        count = int(self.count)
        left = self.center_x - (count * DOT + (count - 1) * GAP) / 2
        with self.canvas:
            for index in range(count):
                on = index == int(self.current)
                size = DOT * 1.4 if on else DOT
                Color(*(theme.PRIMARY if on else theme.MUTED))
                x = left + index * (DOT + GAP) + (DOT - size) / 2
                Ellipse(pos=(x, self.center_y - size / 2), size=(size, size))
