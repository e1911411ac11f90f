"""A RecycleView over one of the API's keyset-paginated lists.

Infinite scroll: the next page loads when the person nears the end. Pull to refresh: pulling
the list down past its top and letting go reloads from the first page. Rows are plain dicts
for the `viewclass`; `to_row` turns an API item into one.
"""

from kivy.properties import BooleanProperty, DictProperty, ObjectProperty, StringProperty
from kivy.uix.recycleview import RecycleView

from mobile.api.errors import plain_message
from mobile.ui.pull_to_refresh import PullToRefreshBehavior

PAGE_SIZE = 20
# How close to the end (as a fraction of the scrollable height) the next page is fetched.
LOAD_MORE_THRESHOLD = 0.15


class PagedList(PullToRefreshBehavior, RecycleView):
    """Rows from `path` with `query`, fetched through `api`, a page at a time."""

    api = ObjectProperty(None)
    path = StringProperty("")
    query = DictProperty({})
    to_row = ObjectProperty(lambda item: item)
    next_cursor = StringProperty("", allownone=True)
    loading = BooleanProperty(False)
    loaded = BooleanProperty(False)
    error = StringProperty("")
    empty_text = StringProperty("Nothing here yet.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._generation = 0
        self.bind(scroll_y=self._maybe_load_more)
        # The pull indicator turns while the page it asked for loads.
        self.bind(loading=self.setter("busy"))

    def reload(self) -> None:
        """Start again from the first page (a new query, a pull, or new content)."""
        self._generation += 1
        self.next_cursor = ""
        self.loaded = False
        self._fetch(cursor=None, generation=self._generation)

    def clear(self) -> None:
        """Show nothing, and let no answer still on its way bring old rows back."""
        self._generation += 1
        self.query = {}
        self.data = []
        self.next_cursor = ""
        self.loaded = False
        self.loading = False
        self.error = ""

    def load_more(self) -> None:
        """Fetch the next page, if there is one and none is on its way."""
        if self.next_cursor and not self.loading:
            self._fetch(cursor=self.next_cursor, generation=self._generation)

    def _fetch(self, *, cursor, generation) -> None:
        if self.api is None or not self.path:
            return
        self.loading = True
        self.error = ""
        query = {**self.query, "limit": PAGE_SIZE}
        if cursor:
            query["cursor"] = cursor

        def arrived(page):
            if generation != self._generation:
                return  # an answer to a query the person has since changed
            rows = [self.to_row(item) for item in page.get("items", [])]
            self.data = rows if cursor is None else self.data + rows
            self.next_cursor = page.get("next_cursor") or ""
            self.loaded = True
            if cursor is None:
                self.scroll_y = 1

        def failed(error):
            if generation == self._generation:
                self.error = plain_message(error)

        def finished():
            if generation == self._generation:
                self.loading = False

        self.api.request("GET", self.path, query=query, on_success=arrived, on_error=failed,
                         on_finish=finished)

    def _maybe_load_more(self, _widget, scroll_y) -> None:
        scrollable = self.children and self.children[0].height > self.height
        if scrollable and scroll_y <= LOAD_MORE_THRESHOLD:
            self.load_more()

    def on_pull(self) -> None:
        self.reload()
