"""The flows between divisions as a heat map, drawn with Kivy graphics: rows are the giving
division, columns the receiving one, darker for more value; a white-space cell (nothing
either way) is crossed out. Division names are abbreviated along the edges; the legend
under the map (in the leaders' screen) spells them out."""

from kivy.clock import Clock
from kivy.graphics import Color, Line, Rectangle
from kivy.metrics import dp, sp
from kivy.properties import DictProperty, ListProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from mobile.ui import theme
from mobile.ui.analytics_figures import abbreviations, heat_cells

LABEL_GUTTER = dp(40)
CELL_GAP = dp(2)


class HeatMap(Widget):
    """`flows` is the answer of GET /analytics/flows."""

    flows = DictProperty({})
    # What is drawn, for whoever needs to read it back (the tests, the legend).
    cells = ListProperty([])
    labels = DictProperty({})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._redraw = Clock.create_trigger(lambda _elapsed: self.redraw())
        self.bind(pos=self._redraw, size=self._redraw, flows=self._redraw)

    def redraw(self) -> None:
        self.canvas.clear()
        self.clear_widgets()
        divisions = self.flows.get("divisions", [])
        self.cells = heat_cells(self.flows)
        self.labels = abbreviations(divisions)
        if not divisions:
            return
        count = len(divisions)
        side = max(min(self.width - LABEL_GUTTER, self.height - LABEL_GUTTER) / count, dp(1))
        left, top = self.x + LABEL_GUTTER, self.top - LABEL_GUTTER
        with self.canvas:
            for cell in self.cells:
                x = left + cell["column"] * side
                y = top - (cell["row"] + 1) * side
                Color(rgba=cell["colour"])
                Rectangle(pos=(x + CELL_GAP / 2, y + CELL_GAP / 2), size=(side - CELL_GAP, side - CELL_GAP))
                Color(rgba=theme.LINE)
                Line(rectangle=(x + CELL_GAP / 2, y + CELL_GAP / 2, side - CELL_GAP, side - CELL_GAP), width=1)
                if cell["white_space"]:
                    Color(rgba=theme.DANGER)
                    inset = side * 0.3
                    Line(points=[x + inset, y + inset, x + side - inset, y + side - inset], width=dp(1.2))
                    Line(points=[x + inset, y + side - inset, x + side - inset, y + inset], width=dp(1.2))
        for cell in self.cells:
            if cell["value"]:
                self._label(
                    str(cell["value"]),
                    left + cell["column"] * side,
                    top - (cell["row"] + 1) * side,
                    side,
                    side,
                    theme.ON_PRIMARY if cell["light_text"] else theme.TEXT,
                )
        for index, division in enumerate(divisions):
            short = self.labels[division["id"]]
            self._label(short, self.x, top - (index + 1) * side, LABEL_GUTTER, side, theme.MUTED)
            self._label(short, left + index * side, top, side, LABEL_GUTTER, theme.MUTED)

    def _label(self, text, x, y, width, height, colour) -> None:
        self.add_widget(
            Label(
                text=text,
                pos=(x, y),
                size=(width, height),
                color=colour,
                font_size=min(sp(13), height * 0.45),
                halign="center",
                valign="middle",
                text_size=(width, height),
                shorten=True,
            )
        )
