"""A trend as bars, drawn with Kivy graphics: one bar per week or month for all value given,
its cross-division part darker inside it, the highest value on the left and the first and
last step's dates underneath."""

from kivy.clock import Clock
from kivy.graphics import Color, Line, Rectangle
from kivy.metrics import dp, sp
from kivy.properties import ListProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from mobile.ui import theme
from mobile.ui.analytics_figures import trend_bars

VALUE_GUTTER = dp(32)
DATE_BAND = dp(20)
BAR_GAP = dp(3)


class TrendChart(Widget):
    """`steps` is the `steps` list of GET /analytics/trends."""

    steps = ListProperty([])
    bars = ListProperty([])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._redraw = Clock.create_trigger(lambda _elapsed: self.redraw())
        self.bind(pos=self._redraw, size=self._redraw, steps=self._redraw)

    def redraw(self) -> None:
        self.canvas.clear()
        self.clear_widgets()
        left, bottom = self.x + VALUE_GUTTER, self.y + DATE_BAND
        width, height = max(self.width - VALUE_GUTTER - dp(6), dp(1)), max(self.height - DATE_BAND - dp(8), dp(1))
        self.bars = trend_bars(list(self.steps), width=width, height=height, gap=BAR_GAP)
        if not self.bars:
            return
        with self.canvas:
            Color(rgba=theme.LINE)
            Line(points=[left, bottom, left + width, bottom], width=1)
            for bar in self.bars:
                Color(rgba=theme.PRIMARY_LIGHT)
                Rectangle(pos=(left + bar["x"], bottom), size=(bar["width"], bar["height"]))
                Color(rgba=theme.PRIMARY)
                Rectangle(pos=(left + bar["x"], bottom), size=(bar["width"], bar["across_height"]))
        highest = max(bar["value"] for bar in self.bars)
        self._label(str(highest), self.x, bottom + height - dp(10), VALUE_GUTTER - dp(4), dp(16), "right")
        self._label("0", self.x, bottom - dp(8), VALUE_GUTTER - dp(4), dp(16), "right")
        self._label(self.bars[0]["starts_on"], left, self.y, dp(90), DATE_BAND, "left")
        if len(self.bars) > 1:
            self._label(self.bars[-1]["starts_on"], left + width - dp(90), self.y, dp(90), DATE_BAND, "right")

    def _label(self, text, x, y, width, height, align) -> None:
        self.add_widget(
            Label(
                text=text,
                pos=(x, y),
                size=(width, height),
                color=theme.MUTED,
                font_size=sp(11),
                halign=align,
                valign="middle",
                text_size=(width, height),
            )
        )
