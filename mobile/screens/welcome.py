"""The welcome: a few pages on what Quid is, how points, levels, trades and trust work, and a
last page to choose one's topics (the expertise behind 'For you').

It opens by itself once per account: when someone arrives at the feed (signing in, or the
app starting signed in) and the server says they have not started (`started` in GET /me:
no expertise chosen, nothing posted, answered, used, voted or traded), unless this phone
has already welcomed them. A person who chooses topics has started everywhere; one who
skips is remembered on the phone (mobile/storage/settings.py). Me offers it again.

Skip is on every page; the topics are saved with PATCH /me, sent at once rather than
through the outbox: the feed behind the welcome shows what they match as soon as it closes,
and a refused or unreachable save is said on the page, to try again or skip.
"""

import re

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.page_dots import PageDots  # noqa: F401  (registers the widget for welcome.kv)
from mobile.ui.toggle_chips import ToggleChips  # noqa: F401  (registers the widget for welcome.kv)
from mobile.ui.welcome_text import level_lines, point_lines, too_many_topics_text, trust_lines, unknown_topic_text
from shared.limits import MAX_EXPERTISE_TAGS, TAG_PATTERN

# The firm's most used topics offered as chips (more are found by typing).
TOPIC_SUGGESTIONS = 24
# Where the person arrives after signing in or starting the app: the welcome opens over it.
HOME_SCREEN = "feed"


def welcome_account(session) -> str:
    """Which account a phone's memory of the welcome is about: the server and the person."""
    return f"{session.settings.server_address}#{session.user['id']}"


def welcome_due(session) -> bool:
    """Whether the signed-in person should be welcomed: new to Quid, and not yet here."""
    user = session.user
    return bool(user) and user.get("started") is False and not session.settings.has_welcomed(welcome_account(session))


class RuleRow(BoxLayout):
    """One line of a rules table: what, a detail under it, and a figure on the right."""

    what = StringProperty("")
    detail = StringProperty("")
    figure = StringProperty("")
    figure_colour = ListProperty(theme.TEXT)
    strong = BooleanProperty(False)


class WelcomeScreen(QuidScreen):
    """The first-run tour and the topics chooser."""

    page = NumericProperty(0)
    page_count = NumericProperty(1)
    # The topics chosen on the last page, and the tags offered there (chosen ones first).
    chosen = ListProperty([])
    offered = ListProperty([])
    saving = BooleanProperty(False)
    notice = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(name="welcome", title="Welcome", show_bars=False, **kwargs)
        self._offered_to = None
        self._account = None
        self._suggestions: list[str] = []
        self._suggestion_generation = 0
        self._suggest_later = Clock.create_trigger(lambda _elapsed: self.suggest_topics(), 0.3)
        self.ids.topic_field.bind(text=lambda *_args: self._typed())
        self.page_count = len(self.ids.pages.slides)
        self._fill(self.ids.point_rows, point_lines())
        self._fill(self.ids.level_rows, level_lines())
        self._fill(self.ids.trust_rows, trust_lines())
        self.session.bind(user=self._user_changed)

    @staticmethod
    def _fill(box, lines) -> None:
        for line in lines:
            colour = theme.SUCCESS if line.sign > 0 else theme.DANGER if line.sign < 0 else theme.TEXT
            box.add_widget(RuleRow(what=line.what, detail=line.detail, figure=line.figure, figure_colour=colour))

    # Opening by itself

    def _user_changed(self, _session, user) -> None:
        if user is None:
            self._offered_to = None  # signed out: whoever signs in next is asked about afresh
            return
        # After the sign-in that set the user has moved to the feed (the same callback).
        Clock.schedule_once(lambda _elapsed: self._offer(), 0)

    def _offer(self) -> None:
        user = self.session.user
        if not user or user["id"] == self._offered_to or self.navigator.current != HOME_SCREEN:
            return
        self._offered_to = user["id"]
        if welcome_due(self.session):
            self.navigator.open(self.name)

    # Showing

    def refresh(self) -> None:
        user = self.session.user or {}
        self._account = welcome_account(self.session) if user else None
        self.ids.pages.index = 0
        self.page = 0
        self.chosen = list(user.get("expertise") or [])
        self.notice = ""
        self.ids.topic_field.text = ""
        self._suggest_later.cancel()  # clearing the field asked for them too
        self.suggest_topics()

    def on_leave(self, *_args) -> None:
        # However the welcome is left (Skip, Done, the back key), it does not open by itself again.
        if self._account:
            self.session.settings.remember_welcomed(self._account)

    def finish_text(self, page: int, page_count: int, chosen: list, user: dict | None) -> str:
        """The forward button's words: 'Next', then on the topics page 'Save topics' when the
        choice differs from what is saved, else 'Done'."""
        if page < page_count - 1:
            return "Next"
        return "Done" if sorted(chosen) == sorted((user or {}).get("expertise") or []) else "Save topics"

    def next_page(self) -> None:
        """Next page; on the last one, save the topics and close."""
        if self.page >= self.page_count - 1:
            self.save_topics()
        else:
            self.ids.pages.load_next()

    def previous_page(self) -> None:
        self.ids.pages.load_previous()

    def skip(self) -> None:
        """Leave without saving anything."""
        self.close()

    def close(self) -> None:
        if not self.navigator.back():
            self.navigator.switch(HOME_SCREEN)

    # Topics

    def suggest_topics(self) -> None:
        """Ask GET /tags for the firm's topics, most used first, or those starting with what is typed."""
        fragment = self._typed_topic()
        self._suggestion_generation += 1
        generation = self._suggestion_generation
        if fragment and not re.match(TAG_PATTERN, fragment):
            self._suggestions = []  # no tag starts like that: nothing to ask
            self._offer_topics()
            return

        def arrived(page):
            if generation == self._suggestion_generation:
                self._suggestions = [tag["name"] for tag in page.get("items", [])]
                self._offer_topics()

        query = {"limit": TOPIC_SUGGESTIONS, **({"q": fragment} if fragment else {})}
        self.fetch("/tags", arrived, query=query)

    def _offer_topics(self) -> None:
        self.offered = list(dict.fromkeys([*self.chosen, *self._suggestions]))

    def _typed_topic(self) -> str:
        return self.ids.topic_field.text.strip().lstrip("#").lower()

    def _typed(self) -> None:
        self.notice = ""
        self._suggest_later()

    def toggle_topic(self, name: str) -> None:
        """Choose a topic, or let a chosen one go."""
        self.notice = ""
        if name in self.chosen:
            self.chosen = [topic for topic in self.chosen if topic != name]
        elif len(self.chosen) >= MAX_EXPERTISE_TAGS:
            self.notice = too_many_topics_text()
        else:
            self.chosen = [*self.chosen, name]

    def add_typed_topic(self) -> None:
        """Choose the topic typed in the field, if the firm has it."""
        name = self._typed_topic()
        if not name:
            return
        if not re.match(TAG_PATTERN, name):
            self.notice = unknown_topic_text(name)  # no tag could be called that
            return

        def found(page):
            if name not in [tag["name"] for tag in page.get("items", [])]:
                self.notice = unknown_topic_text(name)
                return
            self.ids.topic_field.text = ""  # back to the most used topics
            if name not in self.chosen:
                self.toggle_topic(name)

        self.fetch("/tags", found, query={"q": name, "limit": TOPIC_SUGGESTIONS})

    def on_chosen(self, _screen, _chosen) -> None:
        self._offer_topics()

    def save_topics(self) -> None:
        """PATCH /me with the chosen topics (only when they changed), then close."""
        current = list((self.session.user or {}).get("expertise") or [])
        if sorted(self.chosen) == sorted(current):
            self.close()
            return
        self.saving = True

        def saved(profile):
            self.saving = False
            self.session.user = profile  # 'started' now, and the profile shows the topics
            self.close()

        self.fetch(
            "/me",
            saved,
            method="PATCH",
            body={"expertise": list(self.chosen)},
            on_error=lambda _error: setattr(self, "saving", False),
        )


SCREEN = WelcomeScreen
