"""The trade clock with a frozen time: reminders, overdue, broken, late delivery; the sweep
and the reads that apply it, each doing so once."""

import sqlite3
import threading
from datetime import timedelta

import pytest

from server.extensions import db
from tests.support.assertions import kinds
from tests.support.trades import NOW, act, at, confirm, deliver, leg, leg_of, ok, propose, sweep

DUE = NOW + timedelta(days=3)


def accepted(app, ana, ben, due=DUE) -> dict:
    at(app, NOW)
    trade = propose(ana, ben, ask=leg(description="Pricing review", due=due))
    ok(act(ben, trade, "accept"))
    return trade


def test_the_sweep_reminds_then_marks_overdue_then_breaks_each_once(app, api):
    ana, ben = api.person(), api.person(division="Pre-Sales")
    trade = accepted(app, ana, ben)
    at(app, DUE - timedelta(hours=25))
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."
    at(app, DUE - timedelta(hours=23))
    assert sweep(api) == "1 reminded, 0 overdue, 0 broken; 0 newly established."
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."
    assert kinds(ben).count("leg_due_soon") == 1 and "leg_due_soon" not in kinds(ana)

    at(app, DUE + timedelta(minutes=1))
    assert sweep(api) == "0 reminded, 1 overdue, 0 broken; 0 newly established."
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."
    assert leg_of(ok(ana.get(f"/trades/{trade['id']}")), ben)["state"] == "overdue"
    assert kinds(ben).count("leg_overdue") == 1 and kinds(ana).count("leg_overdue") == 1
    assert ben.get("/me").get_json()["reputation"] == 0

    at(app, DUE + timedelta(days=7) - timedelta(minutes=1))
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."
    at(app, DUE + timedelta(days=7))
    assert sweep(api) == "0 reminded, 0 overdue, 1 broken; 0 newly established."
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."
    broken = leg_of(ok(ben.get(f"/trades/{trade['id']}")), ben)
    assert broken["state"] == "broken" and broken["broken_at"]
    assert ben.get("/me").get_json()["reputation"] == -5
    assert kinds(ben).count("leg_broken") == 1 and kinds(ana).count("leg_broken") == 1
    assert ben.get("/me").get_json()["trust"] == {
        "score": round(1 / 3, 4),
        "band": "new",
        "settled": 1,
        "counted": 1,
        "on_time": 0,
    }


def test_reading_a_trade_applies_the_clock_when_no_sweep_ran(app, api):
    ana, ben = api.person(), api.person()
    trade = accepted(app, ana, ben)
    at(app, DUE + timedelta(days=8))
    # Trust is right before anyone reads the trade: the clock is part of the figure.
    assert ok(ana.get(f"/users/{ben.id}/trust"))["broken"] == 1
    assert leg_of(ok(ana.get(f"/trades/{trade['id']}")), ben)["state"] == "broken"
    assert leg_of(ana.get("/trades").get_json()["items"][0], ben)["state"] == "broken"
    assert ben.get("/me").get_json()["reputation"] == -5
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."
    assert kinds(ben).count("leg_broken") == 1
    # Jumping past the due time skips the reminder and the overdue step: only the breach is told.
    assert "leg_due_soon" not in kinds(ben) and "leg_overdue" not in kinds(ben)


def test_a_leg_accepted_within_a_day_of_its_due_time_is_reminded_at_once(app, api):
    ana, ben = api.person(), api.person()
    accepted(app, ana, ben, due=NOW + timedelta(hours=5))
    assert kinds(ben).count("leg_due_soon") == 1
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."


def test_a_proposal_whose_due_time_passed_cannot_be_accepted(app, api):
    ana, ben = api.person(), api.person()
    at(app, NOW)
    trade = propose(ana, ben, ask=leg(due=NOW + timedelta(hours=2)))
    at(app, NOW + timedelta(hours=3))
    response = act(ben, trade, "accept")
    assert response.status_code == 409 and "passed" in response.get_json()["message"]
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."  # not accepted: nobody owes anything


def test_late_delivery_earns_two_and_counts_half_for_trust(app, api):
    ana, ben = api.person(), api.person(division="Pre-Sales")
    trade = accepted(app, ana, ben)
    at(app, DUE + timedelta(hours=2))
    delivered = deliver(ben, trade)
    assert leg_of(delivered, ben)["on_time"] is False
    confirm(ana, trade, ben)
    assert ben.get("/me").get_json()["reputation"] == 2  # late: no cross-division bonus
    trust = ok(ana.get(f"/users/{ben.id}/trust"))
    assert (trust["on_time"], trust["late"], trust["broken"]) == (0, 1, 0)
    assert trust["score"] == round(1.5 / 3, 4)
    history = ben.get(f"/users/{ben.id}/reputation").get_json()["items"]
    assert history[0]["event"] == "leg_late" and "late" in history[0]["reason"]


def test_delivering_a_broken_leg_takes_back_the_penalty_and_counts_as_late(app, api):
    ana, ben = api.person(), api.person()
    trade = accepted(app, ana, ben)
    at(app, DUE + timedelta(days=9))
    assert sweep(api) == "0 reminded, 0 overdue, 1 broken; 0 newly established."
    assert ben.get("/me").get_json()["reputation"] == -5
    delivered = deliver(ben, trade, note="Better late than never")
    assert leg_of(delivered, ben)["state"] == "delivered" and leg_of(delivered, ben)["on_time"] is False
    assert ben.get("/me").get_json()["reputation"] == 0
    confirm(ana, trade, ben)
    assert ben.get("/me").get_json()["reputation"] == 2
    events = [(item["event"], item["points"]) for item in ben.get(f"/users/{ben.id}/reputation").get_json()["items"]]
    assert events == [("leg_late", 2), ("leg_broken", 5), ("leg_broken", -5)]
    assert ben.get("/me").get_json()["trust"]["settled"] == 1
    assert sweep(api) == "0 reminded, 0 overdue, 0 broken; 0 newly established."


def test_concurrent_reads_break_a_leg_once(app, api):
    ana, ben = api.person(), api.person()
    trade = accepted(app, ana, ben)
    at(app, DUE + timedelta(days=8))
    barrier = threading.Barrier(4)
    answers = []

    def read(person):
        client = app.test_client()
        barrier.wait()
        answers.append(client.get(f"/api/v1/trades/{trade['id']}", headers=person.headers).status_code)

    threads = [threading.Thread(target=read, args=(person,)) for person in (ana, ben, ana, ben)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 4
    assert ben.get("/me").get_json()["reputation"] == -5
    assert kinds(ben).count("leg_broken") == 1


@pytest.mark.sqlite_only
def test_reading_trades_takes_the_write_lock_only_when_the_clock_calls_for_it(app, api):
    """Reads of trades with nothing due do not queue behind writers (another connection holds
    SQLite's write lock here); one that finds a leg overdue waits for the lock and applies it."""
    ana, ben = api.person(), api.person(division="Pre-Sales")
    trade = accepted(app, ana, ben)
    at(app, DUE - timedelta(hours=30))  # nothing due: no reminder yet, not overdue
    app.config["SQLITE_BUSY_TIMEOUT_MS"] = 50
    with app.app_context():
        db.engine.dispose()  # connections opened so far would wait 15 s
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        assert leg_of(ok(ana.get(f"/trades/{trade['id']}")), ben)["state"] == "promised"
        assert [item["id"] for item in ok(ben.get("/trades"))["items"]] == [trade["id"]]
        at(app, DUE + timedelta(minutes=1))
        assert ana.get(f"/trades/{trade['id']}").status_code == 500, "a due leg needs the write lock"
        other.rollback()
    finally:
        other.close()
    assert leg_of(ok(ana.get(f"/trades/{trade['id']}")), ben)["state"] == "overdue"
    assert [item["state"] for item in ok(ben.get("/trades"))["items"][0]["legs"]].count("overdue") == 1
    assert kinds(ben).count("leg_overdue") == 1
