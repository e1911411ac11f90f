"""Leaderboards: who contributes and who gets used, by metric, calendar period and division.

Three choosers pick the board (GET /leaderboard); the person's own rank stays pinned at the
bottom of the screen however far the list is scrolled.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from kivy.properties import BooleanProperty, DictProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from shared.rules import Metric, Period

# The top of a board the screen shows (the API allows up to 100; 50 fills a phone many times).
BOARD_SIZE = 50
WHOLE_FIRM = "Whole firm"


@dataclass(frozen=True)
class MetricWords:
    """How the app names a metric and the unit of its score."""

    name: str
    unit: str
    units: str
    # Under a score in a narrow column, where "accepted answers" does not fit.
    short_units: str = ""

    def amount(self, score: int) -> str:
        """'1 point', '42 points', '-5 points'."""
        return f"{score} {self.unit_for(score)}"

    def unit_for(self, score: int) -> str:
        return self.unit if score == 1 else self.units

    def column_unit(self, score: int) -> str:
        """The unit under a score in a row: 'points', or a short word such as 'kept'."""
        return self.short_units or self.unit_for(score)


# The one place metrics and periods get their human names (choosers, rows, pinned rank).
METRIC_WORDS: dict[Metric, MetricWords] = {
    Metric.REPUTATION: MetricWords("Reputation", "point", "points"),
    Metric.USES: MetricWords("Uses", "use", "uses"),
    Metric.ACCEPTED: MetricWords("Accepted answers", "accepted answer", "accepted answers", "accepted"),
    Metric.TRADES: MetricWords("Promises kept", "promise kept", "promises kept", "kept"),
    Metric.BRIDGES: MetricWords("Bridges", "bridge", "bridges"),
}
PERIOD_NAMES: dict[Period, str] = {
    Period.WEEK: "This week",
    Period.MONTH: "This month",
    Period.QUARTER: "This quarter",
    Period.YEAR: "This year",
    Period.ALL: "All time",
}


def metric_words(metric: Metric) -> MetricWords:
    """The words for `metric`; a metric added to shared/ before the app names it still shows."""
    return METRIC_WORDS.get(metric) or MetricWords(metric.value.replace("_", " ").capitalize(), "", "")


def period_name(period: Period) -> str:
    return PERIOD_NAMES.get(period) or period.value.capitalize()


# The choosers' options, in the shared enums' order.
METRIC_OPTIONS = {metric_words(metric).name: metric for metric in Metric}
PERIOD_OPTIONS = {period_name(period): period for period in Period}


def period_dates_text(starts_on: str | None, ends_on: str | None) -> str:
    """'1 Nov – 30 Nov 2026' for a period (the API's `ends_on` is the first day after it)."""
    if not starts_on or not ends_on:
        return "Every score since the start"
    first = date.fromisoformat(starts_on)
    last = date.fromisoformat(ends_on) - timedelta(days=1)
    first_text = f"{first.day} {first:%b}" + ("" if first.year == last.year else f" {first.year}")
    return f"{first_text} – {last.day} {last:%b %Y}"


def standing_text(me: dict | None, words: MetricWords) -> str:
    """The pinned line: 'You: #7 · 42 points', or 'You: not ranked yet'.

    The API always answers a rank, but someone with no score in the period gets the place
    after everyone who scored: a position on no board, so it is not shown as one.
    """
    if not me or me.get("rank") is None or not me.get("score"):
        return "You: not ranked yet"
    return f"You: #{me['rank']} · {words.amount(me['score'])}"


def ranked_row(item: dict, *, words: MetricWords, my_id: int | None) -> dict:
    """What one row of the board shows for an API entry `{rank, user, score}`."""
    user = item["user"]
    return {
        "user_id": user["id"],
        "rank": item["rank"],
        "score": item["score"],
        "rank_text": str(item["rank"]),
        "name_text": user.get("display_name", ""),
        "detail_text": " · ".join(
            filter(
                None,
                [(user.get("division") or {}).get("name", ""), f"Level {user['level']}" if user.get("level") else ""],
            )
        ),
        "score_text": str(item["score"]),
        "unit_text": words.column_unit(item["score"]),
        "mine": user["id"] == my_id,
    }


class RankedRow(ButtonBehavior, BoxLayout):
    """One person on the board; tapping opens their profile. Names show literally (no markup)."""

    user_id = NumericProperty(0)
    rank = NumericProperty(0)
    score = NumericProperty(0)
    rank_text = StringProperty("")
    name_text = StringProperty("")
    detail_text = StringProperty("")
    score_text = StringProperty("")
    unit_text = StringProperty("")
    mine = BooleanProperty(False)
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.user_id, self.mine)


class LeaderboardScreen(QuidScreen):
    """The top of one board and the person's own standing on it."""

    metric = StringProperty(Metric.REPUTATION.value)
    period = StringProperty(Period.WEEK.value)
    division_id = NumericProperty(None, allownone=True)
    # The board on screen, as the API answered it (empty until the first answer).
    board = DictProperty({})
    dates_text = StringProperty("")
    standing = StringProperty("")

    metric_options = list(METRIC_OPTIONS)
    period_options = list(PERIOD_OPTIONS)

    def __init__(self, **kwargs):
        self._divisions: dict[str, int] = {}
        super().__init__(name="leaderboard", title="Leaderboard", top_level=True, **kwargs)

    def refresh(self) -> None:
        self.load_divisions()
        self.load_board()

    def load_divisions(self) -> None:
        """Fill the division chooser (a short, public list; the board loads without it)."""

        def arrived(page):
            self._divisions = {division["name"]: division["id"] for division in page.get("items", [])}
            self.ids.division.values = [WHOLE_FIRM, *self._divisions]

        self.session.api.request("GET", "/divisions", authenticated=False, on_success=arrived)

    def selectors_changed(self) -> None:
        """A chooser's text changed (the person picked an option): load that board."""
        if "metric" not in self.ids:
            return  # still being built
        metric = METRIC_OPTIONS.get(self.ids.metric.text, Metric(self.metric))
        period = PERIOD_OPTIONS.get(self.ids.period.text, Period(self.period))
        division_id = self._divisions.get(self.ids.division.text)
        if (metric.value, period.value, division_id) == self.selection():
            return
        self.metric, self.period, self.division_id = metric.value, period.value, division_id
        if self.session is not None and self.session.signed_in:
            self.load_board()

    def selection(self) -> tuple:
        """The (metric, period, division id) the choosers stand at."""
        return self.metric, self.period, self.division_id

    def load_board(self) -> None:
        query = {"metric": self.metric, "period": self.period, "division": self.division_id, "limit": BOARD_SIZE}
        self.fetch("/leaderboard", self._board_arrived, query=query)

    def _board_arrived(self, board: dict) -> None:
        if (board.get("metric"), board.get("period"), board.get("division_id")) != self.selection():
            return  # the answer to a choice the person has since changed
        words = metric_words(Metric(board["metric"]))
        my_id = (self.session.user or {}).get("id") or self.session.tokens.user_id
        self.ids.ranks.data = [
            {**ranked_row(item, words=words, my_id=my_id), "opener": self.open_profile}
            for item in board.get("items", [])
        ]
        self.ids.ranks.scroll_y = 1
        self.board = board
        self.dates_text = period_dates_text(board.get("starts_on"), board.get("ends_on"))
        self.standing = standing_text(board.get("me"), words)

    def open_profile(self, user_id: int, mine: bool) -> None:
        # Your own row opens your own profile (the "Me" tab), not a stranger's view of it.
        if mine:
            self.navigator.open("profile")
        else:
            self.navigator.open("profile", user_id=user_id)


SCREEN = LeaderboardScreen
