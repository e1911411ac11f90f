"""The app signs in against a real server and shows the feed, its tabs and search."""

import os
import re
import signal
import stat
import subprocess
import sys

import requests

from mobile.ui.paged_list import PAGE_SIZE
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import Phone, pump, wait_until  # first: makes Kivy headless
from tests.support.gunicorn import REPOSITORY_ROOT, free_loopback_port
from tests.support.live_server import DemoServer

ANA = "ana.lopez@quid.example"


def test_sign_in_shows_the_feed_and_keeps_tokens_private(phone, tmp_path):
    screen = phone.wait_for_sign_in_screen()
    phone.type(screen.ids.email, ANA)
    phone.type(screen.ids.password, "wrong password")
    phone.tap(screen.ids.sign_in_button)
    wait_until(lambda: screen.error, "the sign-in error")
    assert "password" in screen.error.lower()
    assert phone.shell.ids.screens.current == "sign_in"

    phone.sign_in(ANA, DEMO_PASSWORD)
    posts = phone.screen.ids.posts
    wait_until(lambda: posts.data, "the For you feed")
    tokens = tmp_path / "phone" / "tokens.json"
    assert stat.S_IMODE(os.stat(tokens).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "phone").st_mode) == 0o700
    assert DEMO_PASSWORD not in tokens.read_text()


def test_an_unreachable_server_address_is_named_at_sign_in(phone):
    screen = phone.wait_for_sign_in_screen()
    nowhere = f"http://127.0.0.1:{free_loopback_port()}"
    phone.type(screen.ids.server_address, nowhere)
    phone.type(screen.ids.email, ANA)
    phone.type(screen.ids.password, DEMO_PASSWORD)
    phone.tap(screen.ids.sign_in_button)
    wait_until(lambda: screen.error, "the sign-in error")
    assert nowhere in screen.error and "sent later" not in screen.error
    assert phone.shell.ids.screens.current == "sign_in"


def test_tabs_narrow_the_feed_and_its_search_box_opens_search(phone):
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.screen
    posts = screen.ids.posts
    phone.tap(screen.ids.tab_challenges)
    wait_until(lambda: posts.data and not posts.loading, "challenges")
    assert {row["kind"] for row in posts.data} == {"challenge"}
    phone.tap(screen.ids.tab_insights)
    wait_until(lambda: posts.data and not posts.loading and posts.data[0]["kind"] == "insight", "insights")
    assert {row["kind"] for row in posts.data} == {"insight"}
    first_title = posts.data[0]["title_text"]
    word = max(first_title.split(), key=len).strip("?:,.'\"")
    phone.type(screen.ids.search, word)
    screen.ids.search.dispatch("on_text_validate")
    # One search over posts and answers (tests/test_app_search_and_experts.py has the rest).
    search = phone.wait_for_screen("search")
    results = search.ids.results
    wait_until(lambda: not results.loading and results.data, "search results")
    assert search.ids.query.text == word
    assert first_title in [markup_free(row["title_markup"]) for row in results.data]
    pump(0.1)


def markup_free(markup: str) -> str:
    """A highlighted title without its highlighting (mobile.ui.highlight)."""
    return re.sub(r"\[/?(b|color)[^\]]*\]", "", markup).replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


def test_an_expired_access_token_is_refreshed_without_the_person_noticing(tmp_path):
    server = DemoServer(tmp_path / "server", QUID_ACCESS_TOKEN_SECONDS="2").start()
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        phone.sign_in(ANA, DEMO_PASSWORD)
        first_token = phone.session.tokens.access_token
        pump(2.5)  # the access token has expired
        screen = phone.screen
        phone.tap(screen.ids.tab_insights)
        wait_until(lambda: screen.ids.posts.data and not screen.ids.posts.loading, "insights")
        assert screen.ids.posts.error == "" and screen.error == ""
        assert phone.session.tokens.access_token != first_token
        assert phone.session.signed_in
    finally:
        phone.close()
        server.stop()


def test_signing_out_revokes_the_session_and_returns_to_sign_in(phone, server):
    phone.sign_in(ANA, DEMO_PASSWORD)
    token = phone.session.tokens.access_token
    phone.session.sign_out()
    phone.wait_for_screen("sign_in")
    assert not (phone.data_directory / "tokens.json").exists()
    wait_until(
        lambda: (
            requests.get(
                server.base_url + "/api/v1/me", timeout=5, headers={"Authorization": f"Bearer {token}"}
            ).status_code
            == 401
        ),
        "the server to refuse the old token",
    )


def test_scrolling_loads_more_and_pulling_down_refreshes(phone, server):
    marta = server.client("marta.kowalski@quid.example", DEMO_PASSWORD)
    for number in range(PAGE_SIZE):
        marta.post(
            "/posts",
            {
                "kind": "insight",
                "title": f"Pricing note {number + 1}",
                "body": "Short.",
                "tags": [],
                "audience": "firm",
            },
        )
    phone.sign_in(ANA, DEMO_PASSWORD)
    screen = phone.screen
    posts = screen.ids.posts
    phone.tap(screen.ids.tab_insights)
    wait_until(lambda: posts.data and not posts.loading and posts.data[0]["kind"] == "insight", "insights")
    total = len(server.client(ANA, DEMO_PASSWORD).get("/posts", kind="insight", limit=100)["items"])
    assert total > PAGE_SIZE, "the demo firm needs more than a page of insights for this test"
    assert len(posts.data) == PAGE_SIZE

    for _ in range(12):  # flick up until the next page has arrived
        phone.drag(posts, dy=posts.height * 0.8)
        if len(posts.data) > PAGE_SIZE:
            break
    wait_until(lambda: len(posts.data) == min(total, 2 * PAGE_SIZE) and not posts.loading, "the next page")
    ids = [row["post_id"] for row in posts.data]
    assert len(set(ids)) == len(ids)

    # Someone posts meanwhile; pulling the list down past its top shows it.
    fresh = marta.post(
        "/posts", {"kind": "insight", "title": "Fresh from Marta", "body": "Just now.", "tags": [], "audience": "firm"}
    )
    for _ in range(20):  # flick back to the top and keep pulling, as a thumb would
        phone.drag(posts, dy=-posts.height * 0.8)
        if posts.data[0]["post_id"] == fresh["id"] or posts.loading:
            break
    wait_until(lambda: posts.data and posts.data[0]["post_id"] == fresh["id"], "the refreshed feed")


def test_the_app_starts_from_its_command_line(server, tmp_path):
    data_directory = tmp_path / "app-data"
    app = subprocess.Popen(
        [sys.executable, "-m", "mobile", "--server", server.base_url, "--data-dir", str(data_directory)],
        cwd=REPOSITORY_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"SDL_VIDEODRIVER": "offscreen", "KIVY_NO_CONSOLELOG": "1"},
    )
    try:
        wait_until(
            lambda: (data_directory / "outbox.sqlite3").exists() or app.poll() is not None, "the app to open its outbox"
        )
        pump(2)
        assert app.poll() is None, app.stderr.read()
        assert server.base_url in (data_directory / "settings.json").read_text()
    finally:
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=10)
