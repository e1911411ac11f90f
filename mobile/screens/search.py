"""Search: one box over every challenge, insight and answer the person may see (GET /search).

Results come best first with the matching words highlighted; chips narrow them to a kind
(and a challenge's state); more load on scroll. The feed's search box opens this screen
with what was typed. Typing here searches again after a short pause, as the server also
matches the last word as a prefix.
"""

from kivy.clock import Clock
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

import mobile.ui.choice_chips  # noqa: F401  (registers ChoiceChips for search.kv)
from mobile.screens.base import QuidScreen
from mobile.search_filters import STATUS_FILTERS, TYPE_FILTERS, empty_text, result_row, search_query

# A pause in typing this long runs the search (Go runs it at once).
TYPING_PAUSE_SECONDS = 0.5
HINT_TEXT = (
    "Search challenges, insights and answers by their words. "
    'Use "quoted phrases" to keep words together, and -word to leave one out.'
)


class SearchResultRow(ButtonBehavior, BoxLayout):
    """One result. Title and snippet are markup built by mobile.ui.highlight (escaped)."""

    post_id = NumericProperty(0)
    answer_id = NumericProperty(0)
    kind = StringProperty("")
    kind_text = StringProperty("")
    title_markup = StringProperty("")
    snippet_markup = StringProperty("")
    meta_text = StringProperty("")
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.post_id, self.answer_id)


class SearchScreen(QuidScreen):
    """The search box, its filter chips and the results."""

    query_text = StringProperty("")
    type_filter = StringProperty("All")
    status_filter = StringProperty("Any")

    # Coming back from a result keeps the results and the place in them.
    refresh_on_return = False

    def __init__(self, **kwargs):
        super().__init__(name="search", title="Search", **kwargs)
        self._search_later = Clock.create_trigger(
            lambda _elapsed: self.run_search(only_if_changed=True), TYPING_PAUSE_SECONDS
        )
        self.ids.type_chips.choices = list(TYPE_FILTERS)
        self.ids.status_chips.choices = list(STATUS_FILTERS)
        self.ids.type_chips.selected = self.type_filter
        self.ids.status_chips.selected = self.status_filter
        # The status chips only mean something for challenges; out of the tree otherwise.
        self._status_chips = self.ids.status_chips.__self__
        self._show_status_chips()
        results = self.ids.results
        results.to_row = lambda result: {**result_row(result), "opener": self.open_result}

    def refresh(self) -> None:
        # What the feed's box held (the typing trigger this sets is cancelled: search now).
        self.ids.query.text = (self.parameters.get("q") or "").strip()
        self.run_search()

    def typed(self) -> None:
        """The box changed: search once typing pauses."""
        if self.manager is not None and self.manager.current == self.name:
            self._search_later()

    def run_search(self, *, only_if_changed: bool = False) -> None:
        """Search for what the box holds with the chosen chips (nothing for an empty box)."""
        self._search_later.cancel()
        text = self.ids.query.text.strip()
        results = self.ids.results
        results.api = self.session.api
        if only_if_changed and text == self.query_text:
            return  # a pause after typing that changed nothing but spaces, or after Go
        self.query_text = text
        if not text:
            results.clear()
            return
        results.query = search_query(text, self.type_filter, self.status_filter)
        results.empty_text = empty_text(text, self.type_filter)
        results.reload()

    def clear_search(self) -> None:
        """Empty the box and the results; the keyboard stays for the next words."""
        self.ids.query.text = ""
        self.run_search()
        self.ids.query.focus = True

    def choose_type(self, value: str) -> None:
        self.type_filter = value
        self.ids.type_chips.selected = value
        if value != "Challenges":
            self.choose_status("Any", search=False)
        self._show_status_chips()
        self.run_search()

    def choose_status(self, value: str, *, search: bool = True) -> None:
        self.status_filter = value
        self.ids.status_chips.selected = value
        if search:
            self.run_search()

    def _show_status_chips(self) -> None:
        chips, holder = self._status_chips, self.ids.filters
        wanted = self.type_filter == "Challenges"
        if wanted and chips.parent is None:
            holder.add_widget(chips)
        elif not wanted and chips.parent is not None:
            holder.remove_widget(chips)

    def status_line(self, text: str, loading: bool, loaded: bool, error: str, count: int) -> str:
        """What the space under the chips says: the hint, searching…, or nothing found."""
        if error:
            return error
        if not text:
            return HINT_TEXT
        if loading and not count:
            return f"Searching for “{text}”…"
        if loaded and not count:
            return self.ids.results.empty_text
        return ""

    def open_result(self, post_id: int, answer_id: int = 0) -> None:
        """The post; for an answer, the post scrolled to that answer."""
        parameters = {"post_id": post_id}
        if answer_id:
            parameters["answer_id"] = answer_id
        self.navigator.open("post", **parameters)


SCREEN = SearchScreen
