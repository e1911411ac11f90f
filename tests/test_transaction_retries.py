"""A request whose transaction the database gives up on is run again (server/database.py).

On PostgreSQL a real deadlock is made between a request and another session that locks
the same two user rows in the opposite order; the request is the victim (it waited first,
and the other session waits longer before looking for deadlocks). On SQLite another
connection holds the write lock past the busy timeout (shortened for the test). What this
proves: the request is rolled back and run again from the start, answers as if nothing had
happened, does its work once, and each retry is logged with its cause; the attempts are
bounded (a lock held for good ends in a 500 after the last); and a request that has failed
for any other reason is not run again.
"""

import logging
import sqlite3
import threading
import time

import psycopg
import pytest
from sqlalchemy import text

from server.database import TRANSACTION_ATTEMPTS
from server.extensions import db
from tests.support.postgresql import _libpq_url

WAIT_SECONDS = 10


def sessions_waiting_on_a_lock(url: str) -> int:
    with psycopg.connect(_libpq_url(url), autocommit=True) as probe:
        return probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


@pytest.mark.postgresql_only
def test_a_request_chosen_as_a_deadlock_victim_is_run_again_and_does_its_work_once(app, api, caplog):
    ana = api.person(division="Field Sales North", display_name="Ana")
    ben = api.person(division="Pre-Sales", display_name="Ben")
    assert ana.id < ben.id  # the request locks Ana, then Ben; the other session the reverse
    insight = ben.post_item()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    answers = []

    with psycopg.connect(_libpq_url(url)) as other:
        # The other session only looks for a deadlock after 10 s, the request after the
        # default 1 s: the request is the one PostgreSQL picks as the victim.
        other.execute("SET deadlock_timeout = '10s'")
        other.execute("SELECT id FROM users WHERE id = %s FOR UPDATE", (ben.id,))
        request = threading.Thread(
            target=lambda: answers.append(ana.post(f"/posts/{insight['id']}/uses", json={"note": "Used it"}))
        )
        with caplog.at_level(logging.WARNING, logger="server.database"):
            request.start()
            wait_until(lambda: sessions_waiting_on_a_lock(url) == 1, "the request waits for Ben's row")
            # Now the cycle: this blocks until the request is rolled back as the victim.
            other.execute("SELECT id FROM users WHERE id = %s FOR UPDATE", (ana.id,))
            other.commit()
            request.join(timeout=WAIT_SECONDS)

    [response] = answers
    assert response.status_code == 201, response.get_json()
    retries = [record.getMessage() for record in caplog.records if "Retrying" in record.getMessage()]
    assert len(retries) == 1 and "deadlock detected" in retries[0], retries
    assert ana.get(f"/posts/{insight['id']}").get_json()["use_count"] == 1
    with app.app_context():
        reputation, ledger, entries = db.session.execute(
            text(
                "SELECT reputation, (SELECT SUM(points) FROM reputation_entries WHERE recipient_id = :id), "
                "(SELECT COUNT(*) FROM reputation_entries WHERE recipient_id = :id) FROM users WHERE id = :id"
            ),
            {"id": ben.id},
        ).one()
        db.session.remove()
    assert (reputation, ledger, entries) == (15, 15, 1)  # one use across divisions, credited once


def test_a_request_that_fails_for_another_reason_is_not_run_again(app, api, caplog):
    ana = api.person()
    with caplog.at_level(logging.WARNING, logger="server.database"):
        response = ana.post("/posts/999999/uses", json={"note": "Used it"})
    assert response.status_code == 404
    assert not [record for record in caplog.records if "Retrying" in record.getMessage()]


def retries_logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if "Retrying" in record.getMessage()]


def use_while_sqlite_is_locked(app, api, caplog, *, held_seconds: float):
    """Ana uses Ben's insight while another connection holds SQLite's write lock for
    `held_seconds`; the response, Ben's insight and the retries logged."""
    # Every new connection of the app waits this long for the lock before "database is locked".
    app.config["SQLITE_BUSY_TIMEOUT_MS"] = 100
    ana, ben = api.person(display_name="Ana"), api.person(division="Pre-Sales", display_name="Ben")
    insight = ben.post_item()
    with app.app_context():
        db.engine.dispose()  # connections opened so far waited 15 s
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(held_seconds, other.rollback)
        release.start()
        with caplog.at_level(logging.WARNING, logger="server.database"):
            response = ana.post(f"/posts/{insight['id']}/uses", json={"note": "Used it"})
        release.join()
    finally:
        other.close()
    return response, ana.get(f"/posts/{insight['id']}").get_json(), retries_logged(caplog)


@pytest.mark.sqlite_only
def test_a_request_that_finds_sqlite_locked_past_the_busy_timeout_is_run_again(app, api, caplog):
    response, insight, retries = use_while_sqlite_is_locked(app, api, caplog, held_seconds=0.15)
    assert response.status_code == 201, response.get_json()
    assert 1 <= len(retries) < TRANSACTION_ATTEMPTS and all("database is locked" in line for line in retries), retries
    assert insight["use_count"] == 1


@pytest.mark.sqlite_only
def test_the_retries_are_bounded_and_the_last_failure_answers_500(app, api, caplog):
    response, insight, retries = use_while_sqlite_is_locked(app, api, caplog, held_seconds=3)
    assert response.status_code == 500
    assert len(retries) == TRANSACTION_ATTEMPTS - 1, retries
    assert insight["use_count"] == 0
