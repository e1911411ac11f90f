"""Who used this: for the author of an insight or an answer, everyone who used it, how it
helped them (their note), the hours they saved and the deals it influenced, with the totals
over every use above the list.

Opened from the author's "Used by N" on the post (`post_id`) or on one of their answers
(`answer_id`), with the post's `title`. GET /posts/{id}/uses or /answers/{id}/uses, a page
at a time ("Show more"); pulling the page down reloads it. Notes are plain labels: user text
shows as written.
"""

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui.pull_to_refresh import PullScrollView  # noqa: F401  (registers the widget for uses.kv)
from mobile.ui.use_text import use_byline, use_value_text, uses_totals_text

USES_PAGE_SIZE = 20


class UseCard(BoxLayout):
    """One use: who (tap for their profile), their division and the day, the note, the value."""

    user_id = NumericProperty(0)
    name = StringProperty("")
    byline = StringProperty("")
    note = StringProperty("")
    value_text = StringProperty("")
    screen = ObjectProperty(None)

    def open_person(self) -> None:
        if self.screen is not None and self.user_id:
            self.screen.open_person(self.user_id)


class UsesScreen(QuidScreen):
    """The uses of one insight (`post_id`) or one answer (`answer_id`)."""

    heading = StringProperty("")
    totals_text = StringProperty("")
    uses = ListProperty([])
    next_cursor = StringProperty("", allownone=True)
    loaded = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(name="uses", title="Who used it", **kwargs)
        self._generation = 0

    @property
    def path(self) -> str:
        answer_id = self.parameters.get("answer_id")
        if answer_id:
            return f"/answers/{int(answer_id)}/uses"
        return f"/posts/{int(self.parameters.get('post_id') or 0)}/uses"

    def refresh(self) -> None:
        """From the first page (opening, or a pull)."""
        title = self.parameters.get("title") or ""
        what = "Your answer on" if self.parameters.get("answer_id") else "Your insight"
        self.heading = f"{what}: {title}" if title else what
        self.uses, self.next_cursor, self.totals_text, self.loaded = [], "", "", False
        self.ids.scroll.scroll_y = 1
        self._load(cursor=None)

    def show_more(self) -> None:
        if self.next_cursor and not self.loading:
            self._load(cursor=self.next_cursor)

    def _load(self, *, cursor) -> None:
        self._generation += 1
        generation = self._generation
        query = {"limit": USES_PAGE_SIZE, "cursor": cursor}

        def arrived(page):
            if generation != self._generation:
                return
            self.totals_text = uses_totals_text(page.get("totals") or {})
            self.uses = (self.uses if cursor else []) + list(page.get("items", []))
            self.next_cursor = page.get("next_cursor") or ""
            self.loaded = True

        self.fetch(self.path, arrived, query=query)

    def on_uses(self, _screen, uses) -> None:
        box = self.ids.use_list
        box.clear_widgets()
        for use in uses:
            user = use.get("user") or {}
            box.add_widget(
                UseCard(
                    user_id=user.get("id") or 0,
                    name=user.get("display_name", ""),
                    byline=use_byline(use),
                    note=use.get("note") or "",
                    value_text=use_value_text(use),
                    screen=self,
                )
            )

    def open_person(self, user_id: int) -> None:
        if "profile" in self.manager.screen_names:
            self.navigator.open("profile", user_id=user_id)


SCREEN = UsesScreen
