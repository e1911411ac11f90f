"""Crash safety: workers and the whole server killed mid-flight lose nothing and double nothing.

A client makes 1,000 posts through `POST /posts`, each with its own `Idempotency-Key`,
retrying each with the same key on a dropped connection or a 5xx until it has its answer,
while the test kills a gunicorn worker with SIGKILL five times, spaced out over the run,
and once kills the whole server (the master and its workers, SIGKILL) and starts it again
on the same database. What this proves, on each backend:

- exactly 1,000 posts exist afterwards, none twice (by title and by key), and every key
  names the same post on a final replay as in the answer the client got: the idempotency
  record is written in the request's own transaction (server/idempotency/service.py), so a
  worker killed before its commit leaves neither a post nor a record behind, only a retry
  that does the work, and one killed after it leaves both, and a retry that replays it;
- no key is ever left "in progress": a retry never answers 409;
- SQLite's file survives the kills: `PRAGMA integrity_check` answers ok.

The figures (retries, kills, wall time) are printed; run with `-s` to see them.
"""

import os
import queue
import random
import signal
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import BACKENDS
from tests.support.gunicorn import REPOSITORY_ROOT, start_gunicorn
from tests.support.served import bearer, join, migrated_database, served_environment

GUNICORN_CONFIG = str(REPOSITORY_ROOT / "deploy" / "gunicorn.conf.py")
WORKERS = 4
POSTS = 1000
CLIENT_THREADS = 8
WORKER_KILLS = 5
# After how many answered creates each worker is killed, and when the whole server is.
WORKER_KILLS_AT = (100, 250, 400, 550, 850)
RESTART_AT = 700
RUN_DEADLINE_SECONDS = 90
REQUEST_TIMEOUT_SECONDS = 10
MAX_ATTEMPTS_PER_POST = 200


def body_of(number: int) -> dict:
    return {
        "kind": "insight",
        "title": f"Crash-safe insight number {number}",
        "body": "Sent until answered.",
        "audience": "firm",
    }


def worker_processes(master_pid: int) -> list[int]:
    """The master's live children (its workers), from /proc."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


class Chaos:
    """Kills workers and restarts the server as the creates are answered (see the thresholds)."""

    def __init__(self, server, environment: dict):
        self.server = server
        self.environment = environment
        self.port = int(server.base_url.rsplit(":", 1)[1])
        self.logs: list[str] = []
        self.worker_kills = 0
        self.restarts = 0
        self.lock = threading.Lock()

    def answered(self, count: int) -> None:
        """Called by the clients after each answered create; acts once per threshold."""
        with self.lock:
            if self.worker_kills < WORKER_KILLS and count >= WORKER_KILLS_AT[self.worker_kills]:
                self.kill_a_worker()
            if self.restarts == 0 and count >= RESTART_AT:
                self.restart()

    def kill_a_worker(self) -> None:
        workers = worker_processes(self.server.process.pid)
        assert workers, "gunicorn has no worker to kill"
        os.kill(random.choice(workers), signal.SIGKILL)
        self.worker_kills += 1

    def restart(self) -> None:
        """SIGKILL the master and its workers (its process group), then serve again on the
        same port and database."""
        os.killpg(self.server.process.pid, signal.SIGKILL)
        self.server.process.wait()
        self.logs.append(self.server.log_path.read_text(errors="replace"))
        self.server.stop()  # only removes the log now
        self.server = start_gunicorn(
            environment=self.environment, workers=WORKERS, config_file=GUNICORN_CONFIG, port=self.port
        )
        self.restarts += 1

    def stop(self) -> str:
        """Stop the server; everything it logged, across the restart."""
        self.logs.append(self.server.log_path.read_text(errors="replace"))
        self.server.stop()
        return "\n".join(self.logs)


def create_until_answered(
    session: requests.Session, url: str, number: int, key: str, statuses: Counter, lock: threading.Lock, deadline: float
) -> int:
    """POST post `number` with `key` until it is answered 201; the id of the post."""
    for _ in range(MAX_ATTEMPTS_PER_POST):
        assert time.monotonic() < deadline, f"post {number} unanswered by the deadline"
        try:
            response = session.post(
                url, json=body_of(number), headers={"Idempotency-Key": key}, timeout=REQUEST_TIMEOUT_SECONDS
            )
            # A replay during the run: the answer to an earlier attempt was lost with its worker.
            outcome = "201 replayed" if response.headers.get("Idempotent-Replayed") == "true" else response.status_code
        except requests.RequestException as error:
            response, outcome = None, type(error).__name__
        with lock:
            statuses[outcome] += 1
        if response is not None and response.status_code == 201:
            return response.json()["id"]
        # Only a killed server's symptoms are worth retrying; anything else is a bug.
        assert response is None or response.status_code >= 500, (number, response.status_code, response.text)
        time.sleep(random.uniform(0.02, 0.2))
    raise AssertionError(f"post {number} not answered after {MAX_ATTEMPTS_PER_POST} attempts: {statuses}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_thousand_creates_survive_killed_workers_and_a_restart_exactly_once(backend, tmp_path):
    started = time.monotonic()
    url, cleanup, admin_code = migrated_database(backend, tmp_path)
    environment = served_environment(url, str(tmp_path / "instance"))
    server = start_gunicorn(environment=environment, workers=WORKERS, config_file=GUNICORN_CONFIG)
    chaos = Chaos(server, environment)
    try:
        author = join(server, admin_code, "The Author")
        headers = bearer(author)
        keys = [str(uuid.uuid4()) for _ in range(POSTS)]
        ids: dict[int, int] = {}
        statuses, lock = Counter(), threading.Lock()
        work = queue.SimpleQueue()
        for number in range(POSTS):
            work.put(number)
        deadline = time.monotonic() + RUN_DEADLINE_SECONDS
        failures = []

        def client():
            session = requests.Session()
            session.headers.update(headers)
            url = server.base_url + "/api/v1/posts"
            try:
                while True:
                    try:
                        number = work.get_nowait()
                    except queue.Empty:
                        return
                    post_id = create_until_answered(session, url, number, keys[number], statuses, lock, deadline)
                    with lock:
                        ids[number] = post_id
                        answered = len(ids)
                    chaos.answered(answered)
            except BaseException as error:  # noqa: BLE001  (reported by the test below)
                failures.append(error)
            finally:
                session.close()

        threads = [threading.Thread(target=client) for _ in range(CLIENT_THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=RUN_DEADLINE_SECONDS + 30)
        creating_seconds = time.monotonic() - started
        assert failures == [], failures[:3]
        assert (chaos.worker_kills, chaos.restarts) == (WORKER_KILLS, 1)
        assert len(ids) == POSTS

        # A final replay of every key answers the post it answered before.
        session = requests.Session()
        session.headers.update(headers)
        for number, key in enumerate(keys):
            response = session.post(
                chaos.server.base_url + "/api/v1/posts",
                json=body_of(number),
                headers={"Idempotency-Key": key},
                timeout=REQUEST_TIMEOUT_SECONDS,
            )
            assert response.status_code == 201 and response.headers.get("Idempotent-Replayed") == "true", (
                number,
                response.status_code,
                response.text,
            )
            assert response.json()["id"] == ids[number], number
        session.close()
        log = chaos.stop()
        print(
            f"\n{backend}: {POSTS} creates answered in {creating_seconds:.1f} s with {WORKER_KILLS} workers "
            f"killed and 1 restart; attempts by outcome: {dict(statuses)}; "
            f"module test wall time {time.monotonic() - started:.1f} s"
        )

        assert "database is locked" not in log
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                titles = connection.execute(
                    text("SELECT COUNT(*), COUNT(DISTINCT title) FROM posts WHERE author_id = :id"),
                    {"id": author["user"]["id"]},
                ).one()
                records = connection.execute(
                    text("SELECT COUNT(*), COUNT(DISTINCT key) FROM idempotency_records WHERE owner = :owner"),
                    {"owner": f"user:{author['user']['id']}"},
                ).one()
                integrity = (
                    connection.execute(text("PRAGMA integrity_check")).scalar_one() if backend == "sqlite" else "ok"
                )
        finally:
            engine.dispose()
        assert tuple(titles) == (POSTS, POSTS)
        assert tuple(records) == (POSTS, POSTS)
        assert len(set(ids.values())) == POSTS
        assert integrity == "ok"
    finally:
        chaos.server.stop()
        cleanup()
