"""Offline reading: what a person read is kept on the phone and shown when Quid cannot be
reached, marked with its age; what they queue shows in place as "Sending…" until the server
has it, then as the server's item, once; one status line in the top bar says how the
connection stands, never covers a card, never moves the layout, and clears as soon as the
server answers. Real widgets against a live server that the tests stop and start again.
"""

import os
import stat
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from kivy.core.window import Window

from mobile.offline.read_cache import CACHE_FILE, ReadCache, request_key
from mobile.offline.status import status_line
from mobile.offline.wording import NOT_SAVED
from mobile.screens.feed import PostRow
from mobile.ui.moments import saved_ago
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import Phone, pump, wait_until  # first: makes Kivy headless

LIAM = "liam.oconnor@quid.example"
PRIYA = "priya.raghunathan@quid.example"
INGRID = "ingrid.johansson@quid.example"

tap = Phone.tap_in_view


@contextmanager
def server_down(server):
    """The server stopped for the block, and serving again after it whatever happens."""
    server.stop()
    try:
        yield
    finally:
        if server._gunicorn is None:
            server.start()


def loaded(posts) -> list[str]:
    """The titles a post list shows once it has finished loading."""
    wait_until(lambda: posts.loaded and not posts.loading, "the list to load")
    return [row["title_text"] for row in posts.data]


def window_rect(widget) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of `widget` in window coordinates."""
    left, bottom = widget.to_window(widget.x, widget.y)
    return left, bottom, left + widget.width, bottom + widget.height


def overlap(first, second) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def visible_cards(posts) -> list[PostRow]:
    """The post cards the list has laid out inside its own bounds (what a person sees), top first."""
    shown = window_rect(posts)
    cards = [row for row in posts.children[0].children if isinstance(row, PostRow) and overlap(window_rect(row), shown)]
    return sorted(cards, key=lambda card: -window_rect(card)[3])


def test_restarted_offline_the_app_shows_what_was_read_marked_with_its_age(server, tmp_path):
    liam = server.client(LIAM, DEMO_PASSWORD)
    challenge = next(
        post for post in liam.get("/posts", kind="challenge", limit=50)["items"] if post["answer_count"] > 0
    )
    never_opened = next(post for post in liam.get("/posts", kind="insight", limit=50)["items"])
    data_directory = tmp_path / "phone"

    # Online: the person reads the feed's tabs, a challenge, their profile, trades, notifications.
    phone = Phone(server.base_url, data_directory)
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        feed = phone.screen
        for_you = wait_until(lambda: loaded(feed.ids.posts), "the For you tab")
        phone.tap(feed.ids.tab_insights)
        wait_until(lambda: feed.ids.posts.data and feed.ids.posts.data[0]["kind"] == "insight", "insights")
        insights = loaded(feed.ids.posts)
        post = phone.open_post(challenge["id"])
        answers = wait_until(lambda: [card.body_text for card in post.ids.answers_box.children], "the answers")
        phone.tap(phone.bottom_bar_button("profile"))
        me = phone.wait_for_screen("profile")
        wait_until(lambda: me.loaded and not me.loading, "the profile")
        name, level = me.display_name, me.level_text
        phone.tap(phone.bottom_bar_button("trades"))
        trades = phone.wait_for_screen("trades")
        phone.tap(trades.ids.tab_all)
        wait_until(lambda: trades.ids.trades.loaded and not trades.ids.trades.loading, "the trades")
        trade_parties = [row["party_text"] for row in trades.ids.trades.data]
        phone.tap(phone.shell.ids.notifications_button)
        notifications = phone.wait_for_screen("notifications")
        wait_until(
            lambda: notifications.ids.notifications.loaded and not notifications.ids.notifications.loading,
            "the notifications",
        )
        sentences = [row["sentence_text"] for row in notifications.ids.notifications.data]
    finally:
        phone.close()
    assert for_you and insights and answers and trade_parties and sentences
    cache = data_directory / CACHE_FILE
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600

    with server_down(server):
        # Restarted with no network: the feed is the one read before, and says how old it is.
        phone = Phone(server.base_url, data_directory)
        try:
            status = phone.shell.ids.status_text
            feed = phone.wait_for_screen("feed")
            assert loaded(feed.ids.posts) == for_you
            wait_until(lambda: status.text == "Offline · saved just now", "the status line")
            assert feed.saved_at and feed.ids.empty_state.text == "" and feed.error == ""
            phone.tap(feed.ids.tab_insights)
            wait_until(lambda: loaded(feed.ids.posts) == insights, "the kept insights")

            post = phone.open_post(challenge["id"])
            assert post.ids.post_title.text == challenge["title"]
            assert [card.body_text for card in post.ids.answers_box.children] == answers
            assert post.saved_at and post.error == ""

            phone.tap(phone.bottom_bar_button("profile"))
            me = phone.wait_for_screen("profile")
            wait_until(lambda: me.loaded and not me.loading, "the kept profile")
            assert (me.display_name, me.level_text, me.error) == (name, level, "")
            assert "saved" in status.text

            phone.tap(phone.bottom_bar_button("trades"))
            trades = phone.wait_for_screen("trades")
            phone.tap(trades.ids.tab_all)
            wait_until(
                lambda: [row["party_text"] for row in trades.ids.trades.data] == trade_parties, "the kept trades"
            )
            phone.tap(phone.shell.ids.notifications_button)
            notifications = phone.wait_for_screen("notifications")
            wait_until(
                lambda: [row["sentence_text"] for row in notifications.ids.notifications.data] == sentences,
                "the kept notifications",
            )

            # What was never opened says so, in place of the post (there is nothing to cover).
            phone.navigator.open("post", post_id=never_opened["id"])
            gap = phone.wait_for_screen("post")
            wait_until(lambda: gap.error == NOT_SAVED, "the not-saved note")
            assert not gap.post and status.text.startswith("Offline")

            # Read while offline: the challenge again, which comes back first when the server does.
            phone.open_post(challenge["id"])
            server.start()
            # Nobody taps anything: the app finds the server, the line clears, the post reloads.
            wait_until(lambda: status.text == "", "the status line to clear", timeout=30)
            wait_until(lambda: post.saved_at == 0 and not post.loading, "the post to reload from the server")
            assert post.ids.post_title.text == challenge["title"] and post.error == ""
        finally:
            phone.close()


def test_a_post_queued_offline_shows_sending_in_its_feed_and_becomes_the_real_post_once(server, tmp_path):
    title = "Fabrikam's night shift wants alarms on their own phones, not a wall screen"
    data_directory = tmp_path / "phone"
    phone = Phone(server.base_url, data_directory)
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        phone.tap(phone.screen.ids.tab_insights)
        loaded(phone.screen.ids.posts)
        phone.tap(phone.screen.ids.tab_for_you)
        loaded(phone.screen.ids.posts)
        with server_down(server):
            # Written in the car park: the feed shows it at the top of Insights, "Sending…".
            phone.tap(phone.bottom_bar_button("compose"))
            compose = phone.wait_for_screen("compose")
            phone.tap(compose.ids.kind_insight)
            phone.type(compose.ids.title, title)
            phone.type(compose.ids.body, "Their supervisors walk the floor; push the alarms to them.")
            phone.tap(compose.ids.post_button)
            feed = phone.wait_for_screen("feed")
            posts = feed.ids.posts
            assert feed.tab == "insights"
            first = wait_until(lambda: posts.data and posts.data[0], "the queued post")
            assert (first["title_text"], first["counts_text"], first["post_id"]) == (title, "Sending…", 0)
            card = wait_until(
                lambda: next((row for row in visible_cards(posts) if row.title_text == title), None),
                "the queued post's card",
            )
            assert card.sending and card.kind_text == "Insight" and card.counts_text == "Sending…"
            status = phone.shell.ids.status_text
            wait_until(lambda: status.text.startswith("Offline · 1 to send"), "the status line")
            phone.close()

            # Restarted, still offline: the post is still there, still "Sending…", above kept posts.
            phone = Phone(server.base_url, data_directory)
            feed = phone.wait_for_screen("feed")
            posts = feed.ids.posts
            phone.tap(feed.ids.tab_insights)
            wait_until(lambda: len(posts.data) > 1 and posts.saved_at, "kept insights")
            assert [row["title_text"] for row in posts.data].count(title) == 1
            assert posts.data[0]["title_text"] == title and posts.data[0]["counts_text"] == "Sending…"

            # Back online: the queued row becomes the server's post, and never shows twice.
            seen = []

            def delivered():
                rows = [row for row in posts.data if row["title_text"] == title]
                seen.append(len(rows))
                return rows and rows[0]["post_id"] and not posts.pinned and not posts.loading and rows[0]

            server.start()
            post = wait_until(delivered, "the server's post in place of the queued one", timeout=30)
        assert max(seen) == 1 and post["counts_text"] != "Sending…"
        assert phone.session.queued == 0
        card = next(row for row in visible_cards(posts) if row.title_text == title)
        assert card.post_id == post["post_id"] and not card.sending
        mine = server.client(LIAM, DEMO_PASSWORD).get("/posts", kind="insight", limit=50)["items"]
        assert [item["id"] for item in mine if item["title"] == title] == [post["post_id"]]
    finally:
        phone.close()


def test_the_status_line_never_covers_a_card_nor_moves_the_layout(server, tmp_path):
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        phone.sign_in(PRIYA, DEMO_PASSWORD)
        feed = phone.screen
        posts = feed.ids.posts
        loaded(posts)
        pump(0.3)
        status = phone.shell.ids.status_text
        assert status.text == ""
        layout = {
            name: window_rect(widget)
            for name, widget in (
                ("screens", phone.shell.ids.screens),
                ("tabs", feed.ids.tab_challenges),
                ("list", posts),
                ("first card", visible_cards(posts)[0]),
            )
        }

        with server_down(server):
            # A look at the notifications and back: neither finds the server. The feed's cards
            # stay where they were, as they were, and nothing is drawn over them.
            phone.tap(phone.shell.ids.notifications_button)
            phone.wait_for_screen("notifications")
            wait_until(lambda: status.text.startswith("Offline"), "the status line")
            phone.tap(phone.shell.ids.back_button)
            phone.wait_for_screen("feed")
            wait_until(lambda: not posts.loading and posts.saved_at, "the feed's reload to fail")
            pump(0.2)
            cards = visible_cards(posts)
            assert cards and feed.ids.empty_state.text == "" and feed.error == ""
            line = window_rect(status)
            assert status.get_root_window() is Window and line[3] <= Window.height
            assert not overlap(line, layout["screens"])  # in the top bar, above every screen
            assert all(not overlap(line, window_rect(card)) for card in cards)
            for name, widget in (
                ("screens", phone.shell.ids.screens),
                ("tabs", feed.ids.tab_challenges),
                ("list", posts),
                ("first card", cards[0]),
            ):
                assert window_rect(widget) == layout[name], name

            # The tap meant for a tab lands on the tab (it once opened the outbox).
            phone.tap(feed.ids.tab_challenges)
            pump(0.2)
            assert phone.shell.ids.screens.current == "feed" and feed.tab == "challenges"

            # Something queued changes the words, not the layout.
            phone.tap(phone.bottom_bar_button("compose"))
            compose = phone.wait_for_screen("compose")
            phone.tap(compose.ids.kind_challenge)
            phone.type(compose.ids.title, "Who has priced a fleet-wide OTA rollout for a city bus operator?")
            phone.type(compose.ids.body, "Metro transit wants every bus on the new firmware within a month.")
            phone.tap(compose.ids.post_button)
            phone.wait_for_screen("feed")
            wait_until(lambda: status.text.startswith("Offline · 1 to send"), "the queued count")
            assert window_rect(phone.shell.ids.screens) == layout["screens"]
            cards = visible_cards(posts)
            assert cards[0].title_text.startswith("Who has priced") and cards[0].sending
            assert all(not overlap(window_rect(status), window_rect(card)) for card in cards)

            # The Me screen says nothing of the connection: the status line does, once.
            phone.tap(phone.bottom_bar_button("profile"))
            me = phone.wait_for_screen("profile")
            wait_until(lambda: me.loaded and not me.loading, "the kept profile")
            assert me.error == "" and me.ids.error_text.height == 0
            server.start()
            wait_until(lambda: status.text == "" and phone.session.queued == 0, "the line to clear", timeout=30)
            wait_until(lambda: me.saved_at == 0 and not me.loading, "the profile to reload")
            assert me.error == "" and window_rect(phone.shell.ids.screens) == layout["screens"]
    finally:
        phone.close()


def test_an_answer_queued_offline_waits_under_its_challenge_and_arrives_once(server, tmp_path):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    challenge = ingrid.post(
        "/posts",
        json={
            "kind": "challenge",
            "title": "Contoso asks whether the gateway survives a -30 °C cold store",
            "body": "Their Oulu site runs at -28 °C all year.",
            "tags": [],
            "audience": "firm",
        },
    )
    answer_text = "Yes with the heated enclosure: Northwind ran one at -32 °C for two winters."
    data_directory = tmp_path / "phone"
    phone = Phone(server.base_url, data_directory)
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        screen = phone.open_post(challenge["id"])
        with server_down(server):
            phone.type(screen.ids.answer_body, answer_text)
            tap(phone, screen.ids.send_answer_button)
            waiting = wait_until(
                lambda: [card for card in screen.ids.answers_box.children if card.waiting], "the queued answer"
            )
            assert [(card.body_text, card.meta_text) for card in waiting] == [(answer_text, "Sending…")]
            phone.close()

            phone = Phone(server.base_url, data_directory)
            screen = phone.open_post(challenge["id"])  # kept from before
            box = screen.ids.answers_box
            wait_until(
                lambda: [card.body_text for card in box.children if card.waiting] == [answer_text],
                "the queued answer under its challenge after a restart",
            )
            seen = []

            def arrived():
                shown = [card for card in box.children if card.body_text == answer_text]
                seen.append(len(shown))
                return shown and not shown[0].waiting and shown[0].answer_id and not screen.loading

            server.start()
            wait_until(arrived, "the server's answer in its place", timeout=30)
        assert max(seen) == 1
        answers = ingrid.get(f"/posts/{challenge['id']}/answers")["items"]
        assert [answer["body"] for answer in answers] == [answer_text]
    finally:
        phone.close()


def test_a_proposal_queued_offline_shows_sending_in_my_asks(server, tmp_path):
    hannah = server.client("hannah.schmidt@quid.example", DEMO_PASSWORD)
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        with server_down(server):
            phone.session.enqueue(
                method="POST",
                path="/trades",
                kind="trade",
                label="Propose a trade to Hannah Schmidt",
                body={
                    "counterparty_id": hannah.id,
                    "offer": {"kind": "review", "description": "Review your Q3 renewal deck", "due": None},
                    "ask": {"kind": "introduction", "description": "Introduce me to Contoso's CFO", "due": None},
                },
            )
            phone.tap(phone.bottom_bar_button("trades"))
            trades = phone.wait_for_screen("trades")
            phone.tap(trades.ids.tab_mine)
            rows = trades.ids.trades
            first = wait_until(lambda: rows.data and rows.data[0]["sending"] and rows.data[0], "the queued proposal")
            assert first["party_text"] == "Propose a trade to Hannah Schmidt" and first["state_text"] == "Sending…"
            server.start()
            trade = wait_until(
                lambda: (
                    rows.data and rows.data[0]["trade_id"] and not rows.pinned and not rows.loading and rows.data[0]
                ),
                "the server's trade",
                timeout=30,
            )
        assert trade["party_text"] == "To Hannah Schmidt" and trade["state_text"] == "Proposed"
        assert [row["trade_id"] for row in rows.data].count(trade["trade_id"]) == 1
    finally:
        phone.close()


def test_what_one_person_read_is_never_shown_to_another_and_goes_at_sign_out(server, tmp_path):
    data_directory = tmp_path / "phone"
    phone = Phone(server.base_url, data_directory)
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        loaded(phone.screen.ids.posts)
        liam_id = phone.session.tokens.user_id
        cache = ReadCache(data_directory)
        assert (
            cache.kept(server=server.base_url, user_id=liam_id, path="/posts", query={"for_you": "true", "limit": 20})
            is not None
        )
        phone.tap(phone.bottom_bar_button("profile"))
        me = phone.wait_for_screen("profile")
        wait_until(lambda: me.loaded and not me.loading, "the profile")
        tap(phone, me.ids.sign_out_button)
        phone.wait_for_sign_in_screen()
        assert (
            cache.kept(server=server.base_url, user_id=liam_id, path="/posts", query={"for_you": "true", "limit": 20})
            is None
        )
        assert cache.kept(server=server.base_url, user_id=liam_id, path="/me", query=None) is None

        phone.sign_in(PRIYA, DEMO_PASSWORD)
        priya_feed = loaded(phone.screen.ids.posts)
        phone.close()
        with server_down(server):
            phone = Phone(server.base_url, data_directory)
            feed = phone.wait_for_screen("feed")
            assert loaded(feed.ids.posts) == priya_feed
            wait_until(lambda: phone.session.user and phone.session.user["email"] == PRIYA, "Priya's kept profile")
        cache.close()
    finally:
        phone.close()


def test_the_read_cache_is_bounded_and_forgets_the_least_recently_used(tmp_path):
    cache = ReadCache(tmp_path, max_entries_per_person=5, max_total_bytes=4000)
    liam = {"server": "https://quid.example", "user_id": 1}

    def page(number: int, **where):
        return cache.kept(**(where or liam), path=f"/posts/{number}", query=None)

    for number in range(5):
        cache.keep(**liam, path=f"/posts/{number}", query=None, data={"id": number, "body": "x" * 100})
    assert page(0).data == {"id": 0, "body": "x" * 100}  # read again: the most recently used
    cache.keep(**liam, path="/posts/5", query=None, data={"id": 5})
    assert page(1) is None and page(0) is not None  # the least recently used went instead
    assert cache.counts()[0] == 5
    # Keyed by server, person, path and query: nobody else's rows, nor another query's.
    assert page(0, server="https://other.example", user_id=1) is None
    assert page(0, server=liam["server"], user_id=2) is None
    assert cache.kept(**liam, path="/posts/0", query={"limit": 20}) is None
    # Everyone's rows share the byte bound: the file never grows past it.
    for number in range(40):
        cache.keep(server=liam["server"], user_id=2, path=f"/posts/{number}", query=None, data={"body": "y" * 300})
        assert cache.counts()[1] <= 4000
    assert page(39, server=liam["server"], user_id=2) is not None
    # An answer too big to keep is not kept (it would push everything else out).
    cache.keep(**liam, path="/export", query=None, data="z" * (cache.max_entry_bytes + 1))
    assert cache.kept(**liam, path="/export", query=None) is None
    cache.close()


def test_an_answer_arriving_after_its_reader_signed_out_is_not_kept(tmp_path):
    cache = ReadCache(tmp_path)
    liam = {"server": "https://quid.example", "user_id": 1, "path": "/me", "query": None}
    cache.keep(**liam, data={"id": 1})
    cache.forget_person(server=liam["server"], user_id=1)
    cache.keep(**liam, data={"id": 1, "late": True})  # a read that was on its way
    assert cache.kept(**liam) is None
    cache.keep(**liam, data={"id": 1, "again": True}, signed_in_again=True)
    cache.keep(server=liam["server"], user_id=1, path="/posts", query=None, data={"items": []})
    assert cache.kept(**liam).data == {"id": 1, "again": True}
    assert cache.kept(server=liam["server"], user_id=1, path="/posts", query=None) is not None
    cache.close()


def test_a_damaged_read_cache_is_started_over(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    cache = ReadCache(tmp_path)
    cache.keep(server="https://quid.example", user_id=1, path="/me", query=None, data={"id": 1})
    assert cache.kept(server="https://quid.example", user_id=1, path="/me", query=None).data == {"id": 1}
    cache.close()


def test_a_use_recorded_offline_stays_done_after_a_restart_and_counts_once(server, tmp_path):
    ingrid = server.client(INGRID, DEMO_PASSWORD)
    insight = ingrid.post(
        "/posts",
        json={
            "kind": "insight",
            "title": "Northwind's buyer signs faster after a plant-floor demo",
            "body": "Bring the tablet, not the slides.",
            "tags": [],
            "audience": "firm",
        },
    )
    data_directory = tmp_path / "phone"
    phone = Phone(server.base_url, data_directory)
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        screen = phone.open_post(insight["id"])
        assert screen.post_buttons["use_button"].text == "I used this"
        with server_down(server):
            tap(phone, screen.post_buttons["use_button"])
            dialog = wait_until(lambda: screen.use_dialog, "the use dialog")
            phone.type(dialog.ids.note, "Did the tablet demo at Northwind Leeds; signed the same week.")
            phone.tap(dialog.ids.record_button)
            wait_until(lambda: screen.post_buttons["use_button"].text.startswith("Undo"), "the use shown as done")
            phone.close()

            # Restarted offline: the kept post shows the use as done, not as something to do again.
            phone = Phone(server.base_url, data_directory)
            screen = phone.open_post(insight["id"])
            assert screen.saved_at and screen.post_buttons["use_button"].text.startswith("Undo")
            assert screen.counts_line(screen.post).startswith("1 use")
            server.start()
            wait_until(
                lambda: phone.session.queued == 0 and screen.saved_at == 0 and not screen.loading,
                "the use to arrive and the post to reload",
                timeout=30,
            )
        assert screen.post_buttons["use_button"].text.startswith("Undo")
        assert ingrid.get(f"/posts/{insight['id']}")["use_count"] == 1
    finally:
        phone.close()


def test_the_status_line_says_in_a_few_words_how_things_stand():
    now = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    twelve_minutes_ago = (now - timedelta(minutes=12)).timestamp()
    assert status_line(online=True, queued=0, rejected=0, saved_at=0, now=now) == ""
    assert status_line(online=False, queued=0, rejected=0, saved_at=0, now=now) == "Offline"
    assert (
        status_line(online=False, queued=2, rejected=0, saved_at=twelve_minutes_ago, now=now)
        == "Offline · 2 to send · saved 12 min ago"
    )
    assert status_line(online=True, queued=1, rejected=1, saved_at=0, now=now) == "1 to fix · Sending 1…"
    # Online again but the screen not yet read afresh: only its age.
    assert status_line(online=True, queued=0, rejected=0, saved_at=twelve_minutes_ago, now=now) == "Saved 12 min ago"
    assert saved_ago((now - timedelta(seconds=20)).timestamp(), now=now) == "saved just now"
    assert saved_ago((now - timedelta(days=9)).timestamp(), now=now) == "saved on 2025-03-05"


def test_a_request_is_kept_under_one_key_whatever_the_order_of_its_query():
    insights = request_key("/posts", {"kind": "insight"})
    assert request_key("/posts", {"kind": "insight", "limit": 20}) == request_key(
        "/posts", {"limit": 20, "kind": "insight"}
    )
    assert request_key("/posts", {"kind": "insight", "cursor": None, "q": ""}) == insights
    assert insights != request_key("/posts", {"kind": "challenge"})
    assert request_key("/posts/1", None) != request_key("/posts/12", None)


def test_a_tab_never_read_shows_not_saved_offline_never_another_tabs_posts(server, tmp_path):
    """Offline, a tab opened for the first time has nothing kept: it says so, and the posts of
    the tab shown before do not stay under its name."""
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        phone.sign_in(PRIYA, DEMO_PASSWORD)
        feed = phone.screen
        posts = feed.ids.posts
        assert loaded(posts)  # For you, read online
        with server_down(server):
            tap(phone, feed.ids.tab_insights)
            wait_until(lambda: feed.tab == "insights" and not posts.loading and posts.error, "the Insights tab offline")
            assert posts.error == NOT_SAVED
            assert posts.data == []
    finally:
        phone.close()
