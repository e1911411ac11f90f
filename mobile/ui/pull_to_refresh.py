"""Pull to refresh: drag a scrolling view down past its top and let go to reload it."""

from kivy.metrics import dp
from kivy.uix.scrollview import ScrollView

PULL_TO_REFRESH_DISTANCE = dp(70)


class PullToRefreshBehavior:
    """Mixin for a ScrollView (or RecycleView): dispatches `on_pull` when pulled and let go."""

    def __init__(self, **kwargs):
        self.register_event_type("on_pull")
        super().__init__(**kwargs)
        self._pulled = False

    def on_touch_move(self, touch):
        handled = super().on_touch_move(touch)
        if self.collide_point(*touch.pos) and self._at_top() and \
                touch.y - touch.oy < -PULL_TO_REFRESH_DISTANCE:
            self._pulled = True
        return handled

    def on_touch_up(self, touch):
        handled = super().on_touch_up(touch)
        if self._pulled:
            self._pulled = False
            self.dispatch("on_pull")
        return handled

    def _at_top(self) -> bool:
        content = self.children[0] if self.children else None
        return content is None or content.height <= self.height or self.scroll_y >= 0.999

    def on_pull(self) -> None:
        pass


class PullScrollView(PullToRefreshBehavior, ScrollView):
    """A ScrollView that reports a pull down past its top (`on_pull`) when let go."""
