"""Divisions and their brokers as a picture, drawn with Kivy graphics: divisions on a ring
(sized by the value they gave and got), lines between them as wide as the value that
flowed either way, and the top brokers as small dots beside their own division with a thin
line to each division they reached."""

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line
from kivy.metrics import dp, sp
from kivy.properties import DictProperty, ListProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from mobile.ui import theme
from mobile.ui.analytics_figures import abbreviations, line_width, network_layout

SMALLEST_DIVISION = dp(14)
LARGEST_DIVISION = dp(34)
BROKER_DOT = dp(10)


class DivisionNetwork(Widget):
    """`flows` (GET /analytics/flows) and `brokers` (the `brokers` list of GET /analytics/brokers)."""

    flows = DictProperty({})
    brokers = ListProperty([])
    layout = DictProperty({})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._redraw = Clock.create_trigger(lambda _elapsed: self.redraw())
        self.bind(pos=self._redraw, size=self._redraw, flows=self._redraw, brokers=self._redraw)

    def redraw(self) -> None:
        self.canvas.clear()
        self.clear_widgets()
        if not self.flows.get("divisions"):
            self.layout = {}
            return
        radius = max(min(self.width, self.height) / 2 - LARGEST_DIVISION - dp(18), dp(10))
        layout = network_layout(
            self.flows, list(self.brokers), centre=self.center, radius=radius, broker_offset=LARGEST_DIVISION + dp(6)
        )
        self.layout = layout
        highest_link = max((link["value"] for link in layout["links"]), default=0)
        highest_volume = max((division["volume"] for division in layout["divisions"]), default=0)
        with self.canvas:
            Color(rgba=theme.PRIMARY[:3] + [0.55])
            for link in layout["links"]:
                (x1, y1), (x2, y2) = link["ends"]
                Line(
                    points=[x1, y1, x2, y2],
                    width=line_width(link["value"], highest_link, thinnest=dp(1), thickest=dp(9)),
                    cap="round",
                )
            Color(rgba=theme.ACCENT)
            for broker in layout["brokers"]:
                bx, by = broker["position"]
                for rx, ry in broker["reached"]:
                    Line(points=[bx, by, rx, ry], width=dp(1), dash_length=dp(4), dash_offset=dp(3))
            for division in layout["divisions"]:
                size = SMALLEST_DIVISION + (LARGEST_DIVISION - SMALLEST_DIVISION) * (
                    division["volume"] / highest_volume if highest_volume else 0
                )
                x, y = division["position"]
                Color(rgba=theme.PRIMARY_DARK)
                Ellipse(pos=(x - size / 2, y - size / 2), size=(size, size))
            Color(rgba=theme.ACCENT)
            for broker in layout["brokers"]:
                bx, by = broker["position"]
                Ellipse(pos=(bx - BROKER_DOT / 2, by - BROKER_DOT / 2), size=(BROKER_DOT, BROKER_DOT))
        short = abbreviations(self.flows["divisions"])
        for division in layout["divisions"]:
            x, y = division["position"]
            self.add_widget(
                Label(
                    text=short[division["id"]],
                    pos=(x - dp(30), y - LARGEST_DIVISION / 2 - dp(20)),
                    size=(dp(60), dp(18)),
                    color=theme.TEXT,
                    font_size=sp(12),
                    bold=True,
                )
            )
