"""Pull to refresh: drag a scrolling view down past its top and let go to reload it.

While the finger pulls, a round indicator at the top of the view fills its arc; once let go
past the distance it turns until the reload is over (`busy` back to False), so the person
sees that the pull did something even when the list comes back unchanged.
"""

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.scrollview import ScrollView

from mobile.ui import theme

PULL_TO_REFRESH_DISTANCE = dp(70)
INDICATOR_SIZE = dp(40)
INDICATOR_MARGIN = dp(12)
# Degrees a turn advances per second while refreshing.
TURN_SPEED = 400


class PullToRefreshBehavior:
    """Mixin for a ScrollView (or RecycleView): dispatches `on_pull` when pulled and let go.

    Whoever reloads sets `busy` while it loads (bind it to a loading flag); the indicator
    turns from the pull until `busy` is False again.
    """

    busy = BooleanProperty(False)
    # True from the pull until the reload it started is over.
    refreshing = BooleanProperty(False)
    # How far the finger has pulled, 0 to 1 (1: far enough to refresh when let go).
    pull_progress = NumericProperty(0)
    indicator_angle = NumericProperty(0)

    def __init__(self, **kwargs):
        self.register_event_type("on_pull")
        super().__init__(**kwargs)
        self._pulled = False
        self._turning = None
        with self.canvas.after:
            self._shade = Color(0, 0, 0, 0)
            self._shadow = Ellipse(size=(INDICATOR_SIZE, INDICATOR_SIZE))
            self._disc_colour = Color(*theme.SURFACE[:3], 0)
            self._disc = Ellipse(size=(INDICATOR_SIZE, INDICATOR_SIZE))
            self._arc_colour = Color(*theme.PRIMARY[:3], 0)
            self._arc = Line(width=dp(2.5), cap="round")
        self.fbind("pos", self._draw_indicator)
        self.fbind("size", self._draw_indicator)
        self.fbind("pull_progress", self._draw_indicator)
        self.fbind("indicator_angle", self._draw_indicator)
        self.fbind("refreshing", self._draw_indicator)

    def on_touch_move(self, touch):
        handled = super().on_touch_move(touch)
        if self.collide_point(*touch.pos) and self._at_top() and touch.oy > touch.y and not self.refreshing:
            self.pull_progress = min(1.0, (touch.oy - touch.y) / PULL_TO_REFRESH_DISTANCE)
            if touch.y - touch.oy < -PULL_TO_REFRESH_DISTANCE:
                self._pulled = True
        return handled

    def on_touch_up(self, touch):
        handled = super().on_touch_up(touch)
        self.pull_progress = 0
        if self._pulled:
            self._pulled = False
            self.refreshing = True
            self.dispatch("on_pull")
            if not self.busy:
                # Nothing started loading (or it finished at once): do not turn forever.
                Clock.schedule_once(lambda _elapsed: self._stop_unless_busy(), 0.3)
        return handled

    def _stop_unless_busy(self) -> None:
        if not self.busy:
            self.refreshing = False

    def on_busy(self, _widget, busy: bool) -> None:
        if not busy and self.refreshing:
            self.refreshing = False

    def on_refreshing(self, _widget, refreshing: bool) -> None:
        if self._turning is not None:
            self._turning.cancel()
            self._turning = None
        if refreshing:
            self._turning = Clock.schedule_interval(self._turn, 1 / 30)

    def _turn(self, elapsed: float) -> None:
        self.indicator_angle = (self.indicator_angle + TURN_SPEED * elapsed) % 360

    def _draw_indicator(self, *_args) -> None:
        shown = self.refreshing or self.pull_progress > 0
        alpha = 1 if shown else 0
        x = self.x + (self.width - INDICATOR_SIZE) / 2
        y = self.top - INDICATOR_MARGIN - INDICATOR_SIZE
        self._shade.rgba = (0, 0, 0, 0.18 * alpha)
        self._shadow.pos = (x, y - dp(2))
        self._disc_colour.a = alpha
        self._disc.pos = (x, y)
        self._arc_colour.a = alpha
        centre_x, centre_y, radius = x + INDICATOR_SIZE / 2, y + INDICATOR_SIZE / 2, INDICATOR_SIZE / 2 - dp(9)
        if self.refreshing:
            start, sweep = self.indicator_angle, 270
        else:
            start, sweep = 0, max(1.0, 300 * self.pull_progress)
        self._arc.circle = (centre_x, centre_y, radius, start, start + sweep)

    def indicator_shown(self) -> bool:
        """Whether the pull indicator is drawn now (tests look for it)."""
        return self._arc_colour.a > 0

    def _at_top(self) -> bool:
        content = self.children[0] if self.children else None
        return content is None or content.height <= self.height or self.scroll_y >= 0.999

    def on_pull(self) -> None:
        pass


class PullScrollView(PullToRefreshBehavior, ScrollView):
    """A ScrollView that reports a pull down past its top (`on_pull`) when let go."""
