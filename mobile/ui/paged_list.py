"""A RecycleView over one of the API's keyset-paginated lists.

Infinite scroll: the next page loads when the person nears the end. Pull to refresh: pulling
the list down past its top and letting go reloads from the first page. Rows are plain dicts
for the `viewclass`; `to_row` turns an API item into one.

Offline, each page the person saw before comes from the phone (mobile/offline/read_cache.py)
and `saved_at` says when it was fetched; with nothing kept, `unsaved` is set and `error`
says so. `error` is only ever set while the list has no rows, so a screen that shows it in
place of the rows never draws it over them. `pinned` rows (things still on their way to
the server) show above the server's; a server row with the same `identity` as a pinned one
is left out, so nothing shows twice.
"""

import time

from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.recycleview import RecycleView

from mobile.api.errors import plain_message, unreachable
from mobile.offline.wording import NOT_SAVED
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
    # When the oldest page shown was fetched, if it came from the phone (0: all live).
    saved_at = NumericProperty(0)
    # Offline with nothing kept for this list.
    unsaved = BooleanProperty(False)
    # Rows shown above the server's, and the row field that names the same item in both.
    pinned = ListProperty([])
    identity = StringProperty("")
    # When (time.monotonic()) the first page now shown was asked for, live from the server.
    asked_at = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._generation = 0
        self._rows: list[dict] = []
        self._fetched_at = 0.0  # when the rows shown were fetched live
        self._rows_answer = None  # the path and query the rows shown answer
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

    @property
    def rows(self) -> list[dict]:
        """The server's rows (without the pinned ones)."""
        return list(self._rows)

    def update_rows(self, change) -> None:
        """Replace each server row by `change(row)` (a row marked read, say)."""
        self._rows = [change(row) for row in self._rows]
        self._show()

    def on_pinned(self, _widget, _pinned) -> None:
        self._show()

    def _show(self) -> None:
        named = {row.get(self.identity) for row in self.pinned} - {None, 0, ""} if self.identity else set()
        self.data = list(self.pinned) + [row for row in self._rows if not named or row.get(self.identity) not in named]

    def _fetch(self, *, cursor, generation) -> None:
        if self.api is None or not self.path:
            return
        self.loading = True
        if cursor is None:
            self.error = ""
        query = {**self.query, "limit": PAGE_SIZE}
        if cursor:
            query["cursor"] = cursor
        asked_at = time.monotonic()
        asked = (self.path, sorted((name, str(value)) for name, value in self.query.items()))

        def arrived(page, fetched_at=None):
            if generation != self._generation:
                return  # an answer to a query the person has since changed
            rows = [self.to_row(item) for item in page.get("items", [])]
            self._rows = rows if cursor is None else self._rows + rows
            self._rows_answer = asked
            self.next_cursor = page.get("next_cursor") or ""
            self.error = ""
            self.unsaved = False
            self.loaded = True
            if cursor is None:
                self._fetched_at = time.time() if fetched_at is None else fetched_at
                self.saved_at = fetched_at or 0
                if fetched_at is None:
                    self.asked_at = asked_at
            elif fetched_at:
                self.saved_at = min(self.saved_at or fetched_at, fetched_at)
            self._show()
            if cursor is None:
                self.scroll_y = 1

        def failed(error):
            if generation != self._generation:
                return
            if unreachable(error):
                # The status line says Quid cannot be reached; rows already shown for this very
                # question stay, aged (another tab's or filter's never stand in for its own).
                if cursor is None and self._rows and self._rows_answer == asked:
                    self.saved_at = self.saved_at or self._fetched_at
                elif cursor is None:
                    self._rows = []
                    self._show()
                    self.unsaved = True
                    self.error = NOT_SAVED
            elif cursor is None:
                # A refusal or a fault: only the server's words, not rows it no longer stands by.
                self._rows = []
                self._show()
                self.error = plain_message(error)

        def finished():
            if generation == self._generation:
                self.loading = False

        self.api.request(
            "GET", self.path, query=query, on_success=arrived, on_error=failed, on_finish=finished, on_kept=arrived
        )

    def _maybe_load_more(self, _widget, scroll_y) -> None:
        scrollable = self.children and self.children[0].height > self.height
        if scrollable and scroll_y <= LOAD_MORE_THRESHOLD:
            self.load_more()

    def on_pull(self) -> None:
        self.reload()
