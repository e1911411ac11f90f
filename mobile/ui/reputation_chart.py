"""A person's reputation over time, drawn with Kivy graphics (no plotting library).

`points` is a list of (datetime, cumulative reputation), oldest first, as made by
mobile.ui.reputation_series.reputation_series. The chart draws them as steps with a light
fill underneath, a baseline, the lowest and highest value on the left and the first and last
date underneath. With fewer than two points there is no line to draw: it says so instead.
Its look (labels and their places) is in reputation_chart.kv beside this module.
"""

from pathlib import Path

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line, Mesh
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.widget import Widget

from mobile.ui import theme
from mobile.ui.reputation_series import short_date, step_path, value_range

# Room for the value labels on the left and the date labels underneath.
VALUE_GUTTER = dp(44)
DATE_BAND = dp(22)
TOP_MARGIN = dp(10)
RIGHT_MARGIN = dp(10)
DOT_SIZE = dp(7)
NO_POINTS = "No points yet"


class ReputationChart(Widget):
    """Reputation as steps over time, with a light fill under the line."""

    points = ListProperty([])
    empty_text = StringProperty(NO_POINTS)
    line_colour = ColorProperty(theme.PRIMARY)
    fill_colour = ColorProperty(theme.PRIMARY[:3] + [0.14])
    axis_colour = ColorProperty(theme.MUTED)
    guide_colour = ColorProperty(theme.LINE)
    # What the labels in the .kv show; set from `points`.
    empty = BooleanProperty(True)
    highest_text = StringProperty("")
    lowest_text = StringProperty("")
    first_date_text = StringProperty("")
    last_date_text = StringProperty("")
    # Where the plot area is, for the labels to line up with the lines.
    plot_left = NumericProperty(0)
    plot_bottom = NumericProperty(0)
    plot_top = NumericProperty(0)
    plot_right = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas:
            self._fill_colour = Color(rgba=self.fill_colour)
            self._fill = Mesh(mode="triangle_strip")
            self._guide_colour = Color(rgba=self.guide_colour)
            self._top_guide = Line(width=1)
            self._zero_line = Line(width=1)
            self._axis_colour = Color(rgba=self.axis_colour)
            self._baseline = Line(width=dp(1))
            self._line_colour = Color(rgba=self.line_colour)
            self._line = Line(width=dp(1.6), joint="miter")
            self._last_dot = Ellipse(size=(0, 0))
        self._redraw = Clock.create_trigger(lambda _elapsed: self.redraw())
        self.bind(
            pos=self._redraw,
            size=self._redraw,
            points=self._redraw,
            line_colour=self._redraw,
            fill_colour=self._redraw,
            axis_colour=self._redraw,
            guide_colour=self._redraw,
        )
        self._redraw()

    def redraw(self) -> None:
        """Recompute the labels and redraw the lines for the current points and size."""
        points = list(self.points)
        self.empty = len(points) < 2
        self.plot_left = self.x + VALUE_GUTTER
        self.plot_bottom = self.y + DATE_BAND
        self.plot_right = max(self.plot_left, self.right - RIGHT_MARGIN)
        self.plot_top = max(self.plot_bottom, self.top - TOP_MARGIN)
        self._fill_colour.rgba = self.fill_colour
        self._guide_colour.rgba = self.guide_colour
        self._axis_colour.rgba = self.axis_colour
        self._line_colour.rgba = self.line_colour
        if self.empty:
            self._clear()
            return
        lowest, highest = value_range(points)
        self.highest_text, self.lowest_text = str(highest), str(lowest)
        self.first_date_text = short_date(points[0][0])
        self.last_date_text = short_date(points[-1][0]) if points[-1][0].date() != points[0][0].date() else ""
        left, bottom = self.plot_left, self.plot_bottom
        width, height = self.plot_right - left, self.plot_top - bottom
        corners = step_path(points, left=left, bottom=bottom, width=width, height=height)
        self._line.points = [coordinate for corner in corners for coordinate in corner]
        # A triangle strip between the line and the bottom of the plot fills the area under it.
        vertices = []
        for x, y in corners:
            vertices += [x, bottom, 0, 0, x, y, 0, 0]
        self._fill.vertices = vertices
        self._fill.indices = list(range(len(corners) * 2))
        self._baseline.points = [left, bottom, self.plot_right, bottom]
        self._top_guide.points = [left, self.plot_top, self.plot_right, self.plot_top]
        zero_y = bottom + height * ((0 - lowest) / (highest - lowest))
        self._zero_line.points = [left, zero_y, self.plot_right, zero_y] if lowest < 0 else []
        last_x, last_y = corners[-1]
        self._last_dot.pos = (last_x - DOT_SIZE / 2, last_y - DOT_SIZE / 2)
        self._last_dot.size = (DOT_SIZE, DOT_SIZE)

    def _clear(self) -> None:
        self.highest_text = self.lowest_text = self.first_date_text = self.last_date_text = ""
        self._line.points = []
        self._fill.vertices = []
        self._fill.indices = []
        self._baseline.points = []
        self._top_guide.points = []
        self._zero_line.points = []
        self._last_dot.size = (0, 0)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
