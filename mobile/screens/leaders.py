"""The leaders' place (leaders and admins): where value flows between divisions as a heat
map, the white space, the network of divisions and their brokers, overload and reciprocity,
promises, a trend, and each figure shared as a CSV file.

Opened from the Me screen, which offers it to leaders and admins (the server refuses
everyone else anyway). Every figure comes from GET /analytics/...; the five are fetched at
once and each part shows as soon as its answer arrives.
"""

from datetime import date

from kivy.properties import DictProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

import mobile.ui.choice_chips  # noqa: F401  (registers ChoiceChips for the .kv file)
import mobile.ui.division_network  # noqa: F401  (registers DivisionNetwork for the .kv file)
import mobile.ui.heat_map  # noqa: F401  (registers HeatMap for the .kv file)
import mobile.ui.trend_chart  # noqa: F401  (registers TrendChart for the .kv file)
from mobile.api.errors import plain_message
from mobile.exports import save_export
from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.analytics_figures import (
    abbreviations,
    broker_line,
    giver_line,
    overload_text,
    promise_lines,
    taker_line,
    white_space_lines,
    window_query,
)
from mobile.ui.text import plural
from mobile.ui.widgets import WrappedLabel

# What the period chips offer: their words and how many days back from today (None: all time).
# Rolling windows, so that early in a month or quarter a leader still sees a full picture.
PERIODS = {"Last 30 days": 30, "Last 90 days": 90, "Last 12 months": 365, "All time": None}
DEFAULT_PERIOD = "Last 90 days"
TREND_STEPS = {"Weekly": "week", "Monthly": "month"}
# What "Share as CSV" offers: its words and the endpoint.
EXPORTS = {
    "Flows": "flows",
    "White space": "white-space",
    "Brokers": "brokers",
    "Promises": "promises",
    "Trend": "trends",
}


def flow_summary(flows: dict) -> str:
    """'71 acts of help · 63 across divisions · 202 hours saved · 19 deals influenced'."""
    totals = flows.get("totals") or {}
    if not totals:
        return ""
    return (
        f"{plural(totals['total'], 'act')} of help · {totals['across']} across divisions · "
        f"{totals['hours_saved']:g} hours saved · {plural(totals['deals_influenced'], 'deal')} influenced"
    )


def legend_text(divisions: list[dict]) -> str:
    """'Rows give, columns receive. FSN Field Sales North · PS Pre-Sales · × nothing either way'."""
    short = abbreviations(divisions)
    names = " · ".join(f"{short[division['id']]} {division['name']}" for division in divisions)
    return f"Rows give, columns receive. {names} · × nothing either way"


class LeadersLines(BoxLayout):
    """A short list of sentences, one plain label each (names show as written, never as markup)."""

    lines = ListProperty([])

    def on_lines(self, _widget, lines) -> None:
        self.clear_widgets()
        for line in lines:
            self.add_widget(WrappedLabel(text=line, font_size=theme.FONT_SMALL, color=theme.TEXT))


class LeadersScreen(QuidScreen):
    """GET /analytics/flows, /white-space, /brokers, /promises and /trends for one period."""

    period = StringProperty(DEFAULT_PERIOD)
    trend_step = StringProperty("month")
    flows = DictProperty({})
    white_space = DictProperty({})
    brokers = DictProperty({})
    promises = DictProperty({})
    trends = DictProperty({})
    pending = NumericProperty(0)
    status_text = StringProperty("")
    export_text = StringProperty("")
    # The lists in words, for the labels.
    summary_text = StringProperty("")
    legend = StringProperty("")
    white_space_lines = ListProperty([])
    broker_lines = ListProperty([])
    overload_line = StringProperty("")
    giver_lines = ListProperty([])
    taker_lines = ListProperty([])
    promise_lines = ListProperty([])
    overdue_lines = ListProperty([])

    def __init__(self, **kwargs):
        super().__init__(name="leaders", title="Leaders' view", **kwargs)

    def choose_period(self, words: str) -> None:
        self.period = words
        self.refresh()

    def window(self) -> dict:
        return window_query(PERIODS[self.period], date.today())

    def choose_trend_step(self, words: str) -> None:
        self.trend_step = TREND_STEPS[words]
        self._load("trends", {"period": self.trend_step}, self._show_trends)

    def refresh(self) -> None:
        self.export_text = ""
        query = self.window()
        self._load("flows", query, self._show_flows)
        self._load("white-space", query, self._show_white_space)
        self._load("brokers", query, self._show_brokers)
        self._load("promises", query, self._show_promises)
        self._load("trends", {"period": self.trend_step}, self._show_trends)

    def _load(self, name: str, query: dict, show) -> None:
        self.pending += 1
        self._describe()

        def finished():
            self.pending -= 1
            self._describe()

        self.error = ""
        self.session.api.request(
            "GET", f"/analytics/{name}", query=query, on_success=show, on_error=self._failed, on_finish=finished
        )

    def _failed(self, error) -> None:
        self.error = plain_message(error)

    def _describe(self) -> None:
        self.loading = self.pending > 0
        if self.pending:
            self.status_text = "Loading the firm's figures…"
        elif self.flows and not (self.flows.get("totals") or {}).get("total"):
            self.status_text = "No value has flowed between people in this period yet."
        else:
            self.status_text = ""

    def _show_flows(self, flows: dict) -> None:
        self.flows = flows
        self.summary_text = flow_summary(flows)
        self.legend = legend_text(flows.get("divisions", []))

    def _show_white_space(self, space: dict) -> None:
        self.white_space = space
        self.white_space_lines = white_space_lines(space) or ["Every pair of divisions gives to each other."]

    def _show_brokers(self, brokers: dict) -> None:
        self.brokers = brokers
        names = {division["id"]: division["name"] for division in self.flows.get("divisions", [])}
        self.broker_lines = [broker_line(person, names) for person in brokers.get("brokers", [])[:5]] or [
            "Nobody has given or received value in this period yet."
        ]
        self.overload_line = overload_text(brokers["overload"]) if brokers.get("overload") else ""
        self.giver_lines = [giver_line(person) for person in brokers.get("overloaded_givers", [])] or [
            "Nobody is carrying far more than the others."
        ]
        self.taker_lines = [taker_line(person) for person in brokers.get("takers", [])] or [
            "Nobody takes without giving back."
        ]

    def _show_promises(self, promises: dict) -> None:
        self.promises = promises
        self.promise_lines = promise_lines(promises)
        self.overdue_lines = [
            f"{person['user']['display_name']} ({person['user']['division']['name']}) · "
            f"{plural(person['overdue'], 'promise')} overdue"
            for person in promises.get("most_overdue", [])[:5]
        ] or ["No promise is overdue."]

    def _show_trends(self, trends: dict) -> None:
        self.trends = trends

    def share(self, words: str) -> None:
        """Fetch one figure as CSV and keep it in the app's exports folder."""
        name = EXPORTS[words]
        query = {"format": "csv", **({"period": self.trend_step} if name == "trends" else self.window())}
        self.export_text = f"Preparing {words.lower()}…"

        def saved(text):
            path = save_export(self.session.data_directory, name=name, text=text, on=date.today())
            self.export_text = f"Saved {path.name} in {path.parent}"

        self.session.api.request(
            "GET", f"/analytics/{name}", query=query, as_text=True, on_success=saved, on_error=self._failed
        )


SCREEN = LeadersScreen
