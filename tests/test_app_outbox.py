"""The outbox never loses a field report: killed app, stopped server, each post sent once."""

import os
import signal
import subprocess
import sys

import pytest

from mobile.outbox.backoff import Backoff
from server.demo.loader import DEMO_PASSWORD
from tests.support.app_driver import Phone, pump, wait_until  # first: makes Kivy headless
from tests.support.gunicorn import REPOSITORY_ROOT
from tests.support.live_server import DemoServer

LIAM = "liam.oconnor@quid.example"
PRIYA = "priya.raghunathan@quid.example"
TITLES = [
    "Carlow plant: gateway firmware 4.2 fixes the mesh drops",
    "Umbrella legal accepts a 2x fee liability cap",
    "Tailspin ops director wants the OEE dashboard in Spanish",
]


@pytest.fixture
def server(tmp_path):
    demo = DemoServer(tmp_path / "server").start()
    yield demo
    demo.stop()


def test_posts_queued_offline_survive_a_killed_app_and_arrive_once(server, tmp_path):
    data_directory = tmp_path / "phone"
    phone = Phone(server.base_url, data_directory)
    phone.sign_in(LIAM, DEMO_PASSWORD)
    phone.close()
    liam = server.client(LIAM, DEMO_PASSWORD)
    server.stop()

    # Queued in another process that the OS then kills without warning.
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.support.offline_poster", server.base_url, str(data_directory), *TITLES],
        cwd=REPOSITORY_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ | {"PYTHONPATH": str(REPOSITORY_ROOT)},
    )
    try:
        assert writer.stdout.readline().strip() == f"QUEUED {len(TITLES)}"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()

    # The app starts again; the server is still down: the posts wait, and the status line says so.
    phone = Phone(server.base_url, data_directory)
    try:
        wait_until(lambda: not phone.session.online, "the app to notice it is offline")
        status = phone.shell.ids.status_text
        wait_until(lambda: status.text.startswith(f"Offline · {len(TITLES)} to send"), "the status line")
        assert status.height > 0

        server.start()
        wait_until(lambda: phone.session.queued == 0, "the outbox to empty", timeout=30)
        wait_until(lambda: phone.session.online, "the app to be back online")
        wait_until(lambda: status.text == "", "the status line to clear")
        pump(0.2)
        assert status.height == 0
    finally:
        phone.close()

    mine = liam.get("/posts", author=liam.id, limit=100)["items"]
    titles = [post["title"] for post in mine]
    for title in TITLES:
        assert titles.count(title) == 1, titles
    # Sent in the order they were written.
    assert [title for title in reversed(titles) if title in TITLES] == TITLES


def test_a_new_post_waits_in_order_behind_a_queued_one_and_both_arrive(server, tmp_path):
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        server.stop()
        first = phone.session.enqueue(
            method="POST",
            path="/posts",
            kind="post",
            label="first",
            body={"kind": "insight", "title": "First while offline", "body": "One.", "tags": [], "audience": "firm"},
        )
        wait_until(lambda: phone.session.outbox.get(first.id).attempts >= 2, "two failed attempts")
        second = phone.session.enqueue(
            method="POST",
            path="/posts",
            kind="post",
            label="second",
            body={"kind": "insight", "title": "Second while offline", "body": "Two.", "tags": [], "audience": "firm"},
        )
        assert phone.session.queued == 2
        server.start()
        sent = []
        phone.session.bind(on_outbox_sent=lambda _session, item, result: sent.append((item.id, result["id"])))
        wait_until(lambda: len(sent) == 2, "both posts to be sent", timeout=30)
        assert [item_id for item_id, _post in sent] == [first.id, second.id]
        assert sent[0][1] < sent[1][1]
    finally:
        phone.close()


def test_queued_posts_go_out_only_with_their_authors_session(server, tmp_path):
    phone = Phone(server.base_url, tmp_path / "phone")
    try:
        phone.sign_in(LIAM, DEMO_PASSWORD)
        server.stop()
        phone.session.enqueue(
            method="POST",
            path="/posts",
            kind="post",
            label="Liam's",
            body={
                "kind": "insight",
                "title": "Liam's offline insight",
                "body": "Kept.",
                "tags": [],
                "audience": "firm",
            },
        )
        phone.session.sign_out()
        server.start()
        phone.sign_in(PRIYA, DEMO_PASSWORD)
        assert phone.session.queued == 0  # Liam's item is not Priya's to see or send
        pump(1.5)
        phone.session.sign_out()
        phone.sign_in(LIAM, DEMO_PASSWORD)
        wait_until(lambda: phone.session.queued == 0, "Liam's post to be sent")
        # Queued in an earlier session, it went out later: a bar says so, nothing opens by itself.
        notice = phone.shell.ids.posted_notice
        wait_until(lambda: notice.post_id, "the Posted bar")
        assert phone.shell.ids.screens.current == "feed" and notice.text == "Posted: Liam's offline insight"
    finally:
        phone.close()
    titles = {
        post["author"]["display_name"]: post["title"]
        for post in server.client(LIAM, DEMO_PASSWORD).get("/posts", q="offline insight")["items"]
    }
    assert titles == {"Liam O'Connor": "Liam's offline insight"}


def test_retries_back_off_exponentially_with_jitter_up_to_a_ceiling():
    backoff = Backoff(first=1.0, ceiling=60.0)
    for attempts, bound in [(1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (30, 60)]:
        delays = {backoff.delay(attempts) for _ in range(50)}
        assert all(bound / 2 <= delay <= bound for delay in delays), (attempts, delays)
        assert len(delays) > 1  # jittered, so phones coming back together spread out
