"""Profiles and "Why my points": level, reputation over time, trust, badges, the ledger."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import requests
from kivy.tests.common import UnitTestTouch

from mobile.screens.points import EntryRow
from mobile.screens.profile import level_progress_text
from mobile.ui import theme
from mobile.ui.reputation_series import reputation_series, step_path, value_range
from server.demo.loader import DEMO_PASSWORD
from shared.levels import LEVELS
from tests.support.app_driver import HOSTILE_MARKUP, Phone, pump, wait_until  # first: makes Kivy headless
from tests.support.gunicorn import REPOSITORY_ROOT

ANA = "ana.lopez@quid.example"
KENJI = "kenji.watanabe@quid.example"
MARTA = "marta.kowalski@quid.example"


@pytest.fixture(scope="module")
def phone(server, tmp_path_factory):
    """Ana's phone, signed in once for the module (each test starts from the bottom bar)."""
    device = Phone(server.base_url, tmp_path_factory.mktemp("phone"))
    device.sign_in(ANA, DEMO_PASSWORD)
    yield device
    device.close()


def whole_ledger(client, user_id: int) -> list[dict]:
    """Every ledger entry of `user_id`, newest first, straight from the API."""
    entries, cursor = [], None
    while True:
        page = client.get(f"/users/{user_id}/reputation", limit=100, **({"cursor": cursor} if cursor else {}))
        entries += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return entries


def shown(widget) -> bool:
    """Whether the person can see `widget`: it and its parents up to the screen have size and opacity."""
    while widget is not None and not hasattr(widget, "show_bars"):
        if widget.opacity == 0 or widget.height <= 0:
            return False
        widget = widget.parent
    return widget is not None


def visible_texts(screen) -> list[str]:
    """The texts of the labels and buttons the person can see on `screen`."""
    return [widget.text for widget in screen.walk(restrict=True) if getattr(widget, "text", "") and shown(widget)]


def open_my_profile(phone):
    """Through the bottom bar's "Me" button, then until everything has loaded."""
    me_button = next(
        button for button in phone.shell.ids.bottom_bar.children if getattr(button, "destination", "") == "profile"
    )
    phone.tap(me_button)
    return wait_for_profile(phone)


def wait_for_profile(phone):
    screen = phone.wait_for_screen("profile")
    wait_until(
        lambda: screen.loaded and not screen.loading and screen.ids.chart.points is not None and screen.trust_text,
        "the profile to load",
    )
    pump(0.1)
    return screen


def pull_down(phone, widget) -> None:
    """A finger put near the top of `widget`, dragged down 200 px and lifted: a pull to refresh."""
    x, top = widget.to_window(widget.center_x, widget.top)
    touch = UnitTestTouch(x, top - 60)
    touch.touch_down()
    pump(0.02)
    for step in range(1, 11):
        touch.touch_move(x, top - 60 - 20 * step)
        pump(0.02)
    touch.touch_up()
    pump(0.1)


def register(server, email: str, display_name: str, division_id: int):
    """A new member, invited and signed in through the API."""
    return server.join(email=email, display_name=display_name, division_id=division_id)


def wait_until_still(scroll_view) -> None:
    """Until a scroll view has stopped moving (a bounce or a fling has ended)."""
    positions = []

    def still():
        pump(0.05)
        positions.append(scroll_view.scroll_y)
        return len(positions) > 3 and len(set(positions[-4:])) == 1

    wait_until(still, "the page to stop moving")


def test_my_profile_shows_level_progress_reputation_and_chart(server, phone):
    screen = open_my_profile(phone)
    ana = server.client(ANA, DEMO_PASSWORD)
    me = ana.get("/me")
    level = me["level"]

    assert screen.title == "Me"
    assert screen.ids.name_label.text == me["display_name"]
    assert screen.ids.level_label.text == f"Level {level['number']} · {level['name']}"
    assert screen.ids.reputation_label.text == f"{me['reputation']} points"
    assert screen.ids.level_track.value == pytest.approx(level["progress"])
    next_level = next(rung for rung in LEVELS if rung.threshold == level["next_at"])
    assert screen.ids.progress_label.text == f"{level['next_at'] - me['reputation']} points to {next_level.name}"
    texts = visible_texts(screen)
    assert {badge["name"] for badge in me["badges"]} <= set(texts)
    assert {badge["description"] for badge in me["badges"]} <= set(texts)
    assert set(me["expertise"]) <= set(texts)
    assert "Sign out" in texts and "Why my points" in texts and "Propose a trade" not in texts

    chart = screen.ids.chart
    ledger = whole_ledger(ana, me["id"])
    wait_until(lambda: len(chart.points) == len(ledger) + 1, "the chart's points")
    assert chart.points[0][1] == 0
    assert chart.points[-1][1] == me["reputation"]
    assert [value for _moment, value in chart.points[1:]] == [
        sum(entry["points"] for entry in ledger[index:]) for index in reversed(range(len(ledger)))
    ]
    assert chart.highest_text == str(max(value for _moment, value in chart.points))
    assert chart.lowest_text == "0" and chart.first_date_text and chart.last_date_text
    assert not chart.empty and chart.ids.empty_label.text == ""


def test_someone_elses_profile_shows_trust_and_propose_trade(server, phone):
    viewer = server.client(ANA, DEMO_PASSWORD)
    kenji = server.client(KENJI, DEMO_PASSWORD)
    trust = viewer.get(f"/users/{kenji.id}/trust")

    phone.navigator.open("profile", user_id=kenji.id)
    screen = wait_for_profile(phone)
    wait_until(lambda: screen.user_id == kenji.id and "circle" in screen.trust_text, "Kenji's trust")
    assert screen.title == "Kenji Watanabe"
    assert screen.ids.trust_band_chip.text == trust["band"].capitalize()
    assert list(screen.ids.trust_band_chip.background) == pytest.approx(theme.TRUST_BAND_COLOURS[trust["band"]])
    circle = trust["circle_size"]
    kept = (
        f"Kept {trust['on_time']} of {trust['settled']} promise{'' if trust['settled'] == 1 else 's'} on time"
        if trust["settled"]
        else "No promises yet"
    )
    assert screen.ids.trust_label.text.startswith(kept)
    assert screen.ids.trust_label.text.endswith(f" · circle of {circle} {'person' if circle == 1 else 'people'}")
    assert "Trust 0" not in screen.ids.trust_label.text
    texts = visible_texts(screen)
    assert "Propose a trade" in texts
    # Not even a faded "Sign out" or "My flags": the buttons are out of the tree.
    assert "Sign out" not in texts and screen.ids.sign_out_button.get_root_window() is None
    assert screen.ids.my_flags_button.get_root_window() is None
    assert shown(screen.ids.propose_trade_button)
    wait_until(lambda: len(screen.ids.chart.points) == len(whole_ledger(viewer, kenji.id)) + 1, "Kenji's chart")
    assert screen.ids.chart.points[-1][1] == viewer.get(f"/users/{kenji.id}")["reputation"]
    if "propose_trade" in phone.shell.ids.screens.screen_names:
        screen.ids.scroll.scroll_to(screen.ids.propose_trade_button, animate=False)
        phone.tap(screen.ids.propose_trade_button)
        trade = phone.wait_for_screen("propose_trade")
        assert trade.parameters["counterparty_id"] == kenji.id
        assert trade.parameters["counterparty_name"] == "Kenji Watanabe"
        phone.navigator.back()

    # Someone without a single entry: the chart says so instead of drawing a line.
    marta = viewer.get("/users", q="Marta")["items"][0]
    phone.navigator.open("profile", user_id=marta["id"])
    wait_until(lambda: screen.user_id == marta["id"] and screen.loaded and not screen.loading, "Marta")
    assert screen.display_name == "Marta Kowalski"
    assert screen.ids.chart.empty and screen.ids.chart.ids.empty_label.text == "No points yet"

    # The bottom bar's "Me" comes back to the signed-in person's own profile.
    screen = open_my_profile(phone)
    assert screen.is_me and screen.display_name == "Ana López" and shown(screen.ids.sign_out_button)


def test_why_my_points_lists_the_ledger_and_adds_up(server, phone):
    ana = server.client(ANA, DEMO_PASSWORD)
    me = ana.get("/me")
    ledger = whole_ledger(ana, me["id"])
    profile = open_my_profile(phone)
    profile.ids.scroll.scroll_to(profile.ids.why_points_button, animate=False)
    phone.tap(profile.ids.why_points_button)

    screen = phone.wait_for_screen("points")
    entries = screen.ids.entries
    wait_until(lambda: entries.loaded and not entries.loading and not screen.loading, "the ledger")
    assert screen.title == "Why my points"
    assert [row["entry_id"] for row in entries.data] == [entry["id"] for entry in ledger]
    assert [row["reason_text"] for row in entries.data] == [entry["reason"] for entry in ledger]
    assert sum(row["points"] for row in entries.data) == me["reputation"] == screen.reputation
    assert screen.ids.total_label.text == f"{me['reputation']} points"
    pump(0.2)
    rows = [view for view in entries.children[0].children if isinstance(view, EntryRow)]
    assert rows
    for row in rows:
        entry = next(item for item in ledger if item["id"] == row.entry_id)
        assert row.ids.reason_label.text == entry["reason"]
        sign = "+" if entry["points"] > 0 else "\u2212" if entry["points"] < 0 else ""
        assert row.ids.points_label.text == f"{sign}{abs(entry['points'])}"
        assert row.ids.reason_label.texture_size[1] <= row.ids.reason_label.height + 1  # nothing clipped
        assert shown(row.ids.post_link) == bool(entry["post"])

    linked = max((row for row in rows if row.post_id), key=lambda row: row.y)  # the top one: on screen
    if "post" in phone.shell.ids.screens.screen_names:
        phone.tap(linked.ids.post_link)
        post = phone.wait_for_screen("post")
        assert post.parameters == {"post_id": linked.post_id}


def test_a_use_of_my_insight_shows_after_a_pull_and_hostile_names_stay_literal(server, phone):
    # Someone in another division, whose name is markup, uses one of Ana's insights.
    ana = server.client(ANA, DEMO_PASSWORD)
    divisions = requests.get(server.base_url + "/api/v1/divisions", timeout=10).json()
    other_division = next(
        division
        for division in (divisions["items"] if isinstance(divisions, dict) else divisions)
        if division["id"] != ana.user["division"]["id"]
    )
    hostile = register(server, "hostile.person@quid.example", HOSTILE_MARKUP, other_division["id"])
    insight = ana.get("/posts", author=ana.id, kind="insight")["items"][0]

    screen = open_my_profile(phone)
    before = screen.reputation
    assert before == ana.get("/me")["reputation"]

    hostile.post(f"/posts/{insight['id']}/uses", json={"note": "Opened the renewal call with it."})
    after = ana.get("/me")["reputation"]
    assert after == before + 15  # +10, ×1.5 from another division

    pull_down(phone, screen.ids.scroll)
    wait_until(lambda: screen.reputation == after and not screen.loading, "the higher reputation after a pull")
    assert screen.ids.reputation_label.text == f"{after} points"
    chart = screen.ids.chart
    wait_until(lambda: chart.points and chart.points[-1][1] == after, "the chart's new last point")
    assert len(chart.points) == len(whole_ledger(ana, ana.id)) + 1
    assert phone.session.user["reputation"] == after

    # Why my points: the newest entry names the person literally.
    wait_until_still(screen.ids.scroll)  # the page springs back from the pull first
    screen.ids.scroll.scroll_to(screen.ids.why_points_button, animate=False)
    pump(0.1)
    phone.tap(screen.ids.why_points_button)
    points = phone.wait_for_screen("points")
    entries = points.ids.entries
    wait_until(lambda: entries.loaded and not entries.loading and entries.data, "the ledger")
    newest = entries.data[0]
    assert newest["points"] == 15 and newest["reason_text"].startswith(f"{HOSTILE_MARKUP} used your contribution")
    pump(0.2)
    row = next(
        view
        for view in entries.children[0].children
        if isinstance(view, EntryRow) and view.entry_id == newest["entry_id"]
    )
    assert row.ids.reason_label.text == newest["reason_text"] and not row.ids.reason_label.markup
    assert sum(row["points"] for row in entries.data) == after

    # Another use while the list is open: a pull on the list brings the entry and the new total.
    colleague = register(server, "second.reader@quid.example", "Second Reader", other_division["id"])
    colleague.post(f"/posts/{insight['id']}/uses", json={"note": "It worked for me too."})
    pull_down(phone, entries)
    wait_until(
        lambda: (
            points.reputation == after + 15
            and entries.data
            and entries.data[0]["points"] == 15
            and entries.data[0]["entry_id"] != newest["entry_id"]
            and not entries.loading
        ),
        "the pulled ledger",
    )
    assert points.ids.total_label.text == f"{after + 15} points"
    assert sum(row["points"] for row in entries.data) == after + 15

    # Their profile shows the name as written, in a plain label and as the title.
    phone.navigator.open("profile", user_id=hostile.id)
    wait_until(lambda: screen.user_id == hostile.id and screen.loaded and not screen.loading, "their profile")
    assert screen.ids.name_label.text == HOSTILE_MARKUP and not screen.ids.name_label.markup
    assert screen.title == HOSTILE_MARKUP
    assert screen.ids.chart.empty


def test_reputation_series_from_ledger_entries():
    joined = datetime(2026, 9, 1, tzinfo=UTC)
    day = timedelta(days=1)
    newest_first = [
        {"points": -10, "created_at": (joined + 9 * day).isoformat()},  # an undone use
        {"points": 2, "created_at": (joined + 5 * day).isoformat()},
        {"points": 15, "created_at": (joined + 3 * day).isoformat().replace("+00:00", "Z")},
        {"points": 10, "created_at": joined + 2 * day},
    ]
    series = reputation_series(newest_first, joined_at=joined.isoformat())
    assert series == [
        (joined, 0),
        (joined + 2 * day, 10),
        (joined + 3 * day, 25),
        (joined + 5 * day, 27),
        (joined + 9 * day, 17),
    ]
    assert reputation_series(newest_first, total=17) == [(joined + 2 * day, 0)] + series[1:]

    # Only the newest part of a long ledger: it starts from what the older entries add up to,
    # at the oldest fetched entry (not at joining: when the rest was earned is unknown).
    cut = reputation_series(newest_first[:2], total=517, joined_at=joined)
    assert cut == [(joined + 5 * day, 525), (joined + 5 * day, 527), (joined + 9 * day, 517)]

    assert reputation_series([]) == []
    assert reputation_series([], total=40) == []
    assert reputation_series([{"points": 5, "created_at": joined}]) == [(joined, 0), (joined, 5)]


def test_chart_geometry_helpers():
    start = datetime(2026, 10, 1, tzinfo=UTC)
    points = [(start, 0), (start + timedelta(days=1), 10), (start + timedelta(days=3), -5)]
    assert value_range(points) == (-5, 10)
    assert value_range([(start, 7), (start, 7)]) == (0, 7)
    assert value_range([(start, 0)]) == (0, 1)
    corners = step_path(points, left=10, bottom=20, width=300, height=150)
    assert len(corners) == 2 * len(points) - 1
    assert corners[0] == pytest.approx((10, 20 + 150 * 5 / 15))
    assert corners[-1] == pytest.approx((310, 20))  # the last day, at the lowest value
    assert corners[1] == pytest.approx((10 + 100, corners[0][1]))  # flat until the next entry, then a step
    assert all(10 <= x <= 310 and 20 <= y <= 170 for x, y in corners)
    same_moment = step_path([(start, 0), (start, 5), (start, 9)], left=0, bottom=0, width=100, height=90)
    assert [x for x, _y in same_moment] == [0, 50, 50, 100, 100]


def test_the_series_module_imports_without_a_display():
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }
    environment |= {
        "KIVY_NO_ARGS": "1",
        "KIVY_NO_CONSOLELOG": "1",
        "KIVY_NO_FILELOG": "1",
        "KIVY_HOME": os.environ.get("KIVY_HOME", ""),
    }
    check = (
        "import sys, mobile.ui.reputation_series; "
        "assert not [name for name in sys.modules if name.startswith(('kivy.core', 'kivy.uix'))]"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=REPOSITORY_ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_the_progress_line_says_what_a_level_held_back_by_breadth_still_needs():
    level = {
        "number": 3,
        "next_at": 300,
        "next_breadth": {"people": 10, "divisions": 2, "days": 10},
        "breadth": {"people": 20, "divisions": 1, "days": 3},
    }
    assert level_progress_text(level, 250) == "50 points to Trusted Advisor"
    assert (
        level_progress_text(level, 320)
        == "Trusted Advisor also needs points in 2 divisions (you: 1), on 10 days (you: 3)"
    )
    assert level_progress_text({**level, "next_breadth": None}, 320) == "0 points to Trusted Advisor"
    assert level_progress_text({"number": 8, "next_at": None}, 9000) == "Top level"
