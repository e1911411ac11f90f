"""The leaders' view with real taps against the demo firm: the heat map, white space,
network, brokers, promises and trend drawn from the server's figures, a period chosen, a
CSV shared; and no leaders' view for a member."""

import csv
import io
from datetime import date

from mobile.ui.analytics_figures import window_query
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import pump, wait_until  # first: makes Kivy headless

MARTA = "marta.kowalski@quid.example"  # a leader
ANA = "ana.lopez@quid.example"  # a member


def open_leaders_view(phone, email=MARTA):
    phone.sign_in(email, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("profile"))
    profile = phone.wait_for_screen("profile")
    button = wait_until(
        lambda: profile.ids.leaders_button.get_root_window() and profile.ids.leaders_button, "the leaders' view button"
    )
    profile.ids.scroll.scroll_y = 0  # the actions are at the foot of the page
    pump(0.2)
    phone.tap(button)
    screen = phone.wait_for_screen("leaders")
    wait_until(lambda: not screen.pending and screen.flows and screen.trends, "the figures")
    pump(0.3)
    return screen


def tap_chip(phone, screen, chips, words):
    """Scroll the chip with `words` into view and tap it."""
    chip = next(child for child in chips.children if child.text == words)
    screen.ids.scroll.scroll_to(chip, padding=40, animate=False)
    pump(0.2)
    phone.tap(chip)


def drawn_totals(heat_map) -> dict:
    return {(cell["from_division_id"], cell["to_division_id"]): cell["value"] for cell in heat_map.cells}


def test_a_leader_sees_the_firms_figures_as_the_server_counts_them(phone, server):
    marta = server.client(MARTA, DEMO_PASSWORD)
    screen = open_leaders_view(phone)
    window = window_query(90, date.today())
    flows = marta.get("/analytics/flows", **window)
    assert screen.flows["window"]["starts_on"] == window["from"]
    assert drawn_totals(screen.ids.heat_map) == {
        (cell["from_division_id"], cell["to_division_id"]): cell["total"] for cell in flows["cells"]
    }
    assert flows["totals"]["total"] > 0, "the demo firm has value flowing in the last 90 days"
    assert screen.ids.summary.text.startswith(f"{flows['totals']['total']} acts of help")
    space = marta.get("/analytics/white-space", **window)
    crossed = {
        tuple(sorted((cell["from_division_id"], cell["to_division_id"])))
        for cell in screen.ids.heat_map.cells
        if cell["white_space"]
    }
    assert crossed == {tuple(pair["division_ids"]) for pair in space["pairs"] if pair["status"] == "none"}
    gaps = space["counts"]["none"] + space["counts"]["one_way"]
    assert gaps, "the demo firm has white space and one-way pairs"
    assert len(screen.ids.white_space.children) == gaps
    network = screen.ids.network.layout
    assert len(network["divisions"]) == len(flows["divisions"])
    assert len(network["links"]) == len(
        {
            tuple(sorted((cell["from_division_id"], cell["to_division_id"])))
            for cell in flows["cells"]
            if cell["total"] and cell["cross_division"]
        }
    )
    brokers = marta.get("/analytics/brokers", **window)
    assert [broker["user_id"] for broker in network["brokers"]] == [
        broker["user"]["id"] for broker in brokers["brokers"][:3]
    ]
    broker_labels = [label.text for label in reversed(screen.ids.brokers.children)]
    assert broker_labels[0].startswith(brokers["brokers"][0]["user"]["display_name"])
    assert len(screen.ids.promises.children) == len(flows["divisions"])
    trends = marta.get("/analytics/trends", period="month")
    assert [bar["value"] for bar in screen.ids.trend.bars] == [step["value_given"] for step in trends["steps"]]


def test_choosing_a_period_and_a_trend_step_loads_their_figures(phone, server):
    marta = server.client(MARTA, DEMO_PASSWORD)
    screen = open_leaders_view(phone)
    tap_chip(phone, screen, screen.ids.period, "All time")
    wait_until(lambda: screen.flows.get("window", {}).get("period") == "all" and not screen.pending, "all time")
    flows = marta.get("/analytics/flows", period="all")
    assert drawn_totals(screen.ids.heat_map) == {
        (cell["from_division_id"], cell["to_division_id"]): cell["total"] for cell in flows["cells"]
    }
    tap_chip(phone, screen, screen.ids.trend_step, "Weekly")
    wait_until(lambda: screen.trends.get("period") == "week" and not screen.pending, "the weekly trend")
    assert len(screen.ids.trend.bars) == 12


def test_sharing_a_figure_keeps_its_csv_in_the_apps_exports(phone, server):
    screen = open_leaders_view(phone)
    tap_chip(phone, screen, screen.ids.exports, "Brokers")
    wait_until(lambda: screen.export_text.startswith("Saved"), "the export")
    exports = list((phone.session.data_directory / "exports").glob("quid-brokers-*.csv"))
    assert len(exports) == 1
    rows = list(csv.DictReader(io.StringIO(exports[0].read_text(encoding="utf-8-sig"))))
    marta = server.client(MARTA, DEMO_PASSWORD)
    expected = marta.get("/analytics/brokers", **window_query(90, date.today()), limit=100)["brokers"]
    assert [row["name"] for row in rows][: len(expected)] == [person["user"]["display_name"] for person in expected]
    assert exports[0].name in screen.export_text


def test_a_member_is_offered_no_leaders_view_and_the_server_refuses_them(phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    phone.tap(phone.bottom_bar_button("profile"))
    profile = phone.wait_for_screen("profile")
    wait_until(lambda: profile.loaded, "the profile")
    assert profile.ids.leaders_button.get_root_window() is None
    phone.navigator.open("leaders")
    screen = phone.wait_for_screen("leaders")
    wait_until(lambda: screen.error and not screen.pending, "the refusal")
    assert "leader" in screen.error and not screen.flows
