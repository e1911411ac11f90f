"""Load: fifty people at once against four gunicorn workers, on each backend.

Fifty client threads, each a person of a firm seeded through the API (four divisions, every
one vouched for, some admins so that helpful votes are open from the start), post, answer,
use and undo uses, vote helpful and take votes back, accept answers and undo acceptances,
and trade (propose, accept, deliver, confirm, cancel) for a bounded time. What this proves:

- no request answers a server error (no 5xx at all) and "database is locked" appears in no
  response and nowhere in gunicorn's log: writers wait for each other (SQLite), lock rows in
  one order and retry a transaction the database chose as a deadlock victim (PostgreSQL);
- afterwards, the books balance: for every person the sum of their ledger entries equals
  their materialised reputation equals their score on the all-time reputation board, and
  every metric's board for every period, and the kept daily and period figures, are the
  ones `flask recompute` rebuilds from the ledger alone.

Pairs of colleagues crediting each other are what found the deadlocks: with user rows
locked `FOR UPDATE` one at a time, as before tests/test_lock_order.py's fixes, this test
failed on PostgreSQL in each of two runs (a deadlock in `POST /trades`, then in confirming a
leg), and gunicorn's log, which a failure quotes, showed where.

The figures (requests per backend, answers by status, transactions retried) are printed;
run with `-s` to see them.
"""

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import BACKENDS
from tests.support.gunicorn import REPOSITORY_ROOT, start_gunicorn
from tests.support.http import PASSWORD
from tests.support.served import bearer, join, migrated_database, served_environment

GUNICORN_CONFIG = str(REPOSITORY_ROOT / "deploy" / "gunicorn.conf.py")
WORKERS = 4
CLIENTS = 50
RUN_SECONDS = 25
REQUEST_TIMEOUT_SECONDS = 30
DIVISIONS = ("Field Sales North", "Pre-Sales", "Product", "Customer Service")
ADMIN_EVERY = 5  # every fifth person is an admin: admins hold every privilege (helpful votes)
METRICS = ("reputation", "uses", "accepted", "trades", "bridges")
PERIODS = ("week", "month", "quarter", "year", "all")
LOCKED = "database is locked"
# Clients act within pairs (across divisions) on the latest few contributions:
# colleagues crediting each other back at the same moment is what makes transactions meet
# on the same user rows from both sides.
CIRCLE = 2
HOT = 4


@dataclass
class Firm:
    """The seeded firm: the admin's headers and every person's (id, headers)."""

    admin: dict
    people: list[tuple[int, dict]]


def seed_firm(server, admin_code: str) -> Firm:
    """Divisions and CLIENTS people made through the API, as a firm's admin would: invited,
    joined and vouched for (their credits count at once)."""
    api = server.base_url + "/api/v1"
    admin = bearer(join(server, admin_code, "The Admin"))
    division_ids = [requests.get(api + "/divisions", timeout=10).json()["items"][0]["id"]]
    for name in DIVISIONS[1:]:
        response = requests.post(api + "/admin/divisions", headers=admin, json={"name": name}, timeout=10)
        assert response.status_code == 201, response.text
        division_ids.append(response.json()["id"])
    people = []
    for number in range(CLIENTS):
        role = "admin" if number % ADMIN_EVERY == 0 else "member"
        invitation = requests.post(
            api + "/admin/invitations",
            headers=admin,
            timeout=10,
            json={
                "email": f"person-{number}@quid.example",
                "division": division_ids[number % len(division_ids)],
                "role": role,
            },
        )
        assert invitation.status_code == 201, invitation.text
        joined = requests.post(
            api + "/auth/register",
            timeout=10,
            json={"invitation": invitation.json()["code"], "password": PASSWORD, "display_name": f"Person {number}"},
        )
        assert joined.status_code == 201, joined.text
        user_id = joined.json()["user"]["id"]
        vouched = requests.patch(f"{api}/admin/users/{user_id}", headers=admin, json={"established": True}, timeout=10)
        assert vouched.status_code == 200, vouched.text
        people.append((user_id, bearer(joined.json())))
    return Firm(admin=admin, people=people)


@dataclass
class Shared:
    """What the clients made so far, for the others to act on (appends are atomic)."""

    insights: list = field(default_factory=list)  # (post id, author index)
    challenges: list = field(default_factory=list)  # (post id, author index)
    answers: list = field(default_factory=list)  # (answer id, challenge author index, answerer index)
    trades: list = field(default_factory=list)  # (trade id, proposer index, counterparty index)


@dataclass
class Tally:
    """Every answer the clients got, counted by status, and the ones that must never happen."""

    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, method: str, path: str, response: requests.Response | None, error: Exception | None = None):
        with self.lock:
            if response is None:
                self.statuses["no answer"] += 1
                self.failures.append(f"{method} {path}: {error!r}")
                return
            self.statuses[response.status_code] += 1
            if response.status_code >= 500 or LOCKED in response.text:
                self.failures.append(f"{method} {path}: {response.status_code} {response.text[:300]}")


class Client:
    """One person acting at random (seeded) until the deadline, on their own HTTP session."""

    def __init__(self, number: int, firm: Firm, base_url: str, shared: Shared, tally: Tally):
        self.number = number
        self.user_id, headers = firm.people[number]
        self.people = firm.people
        self.api = base_url + "/api/v1"
        self.shared = shared
        self.tally = tally
        self.random = random.Random(number)
        self.session = requests.Session()
        self.session.headers.update(headers)
        self.used: set[str] = set()
        self.voted: set[str] = set()
        self.accepted: set[int] = set()
        self.made = 0

    def call(self, method: str, path: str, json=None) -> requests.Response | None:
        """One request; every answer is tallied, and a 5xx or "locked" one recorded as a failure."""
        try:
            response = self.session.request(method, self.api + path, json=json, timeout=REQUEST_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            self.tally.note(method, path, None, error)
            return None
        self.tally.note(method, path, response)
        return response

    def run(self, deadline: float) -> None:
        actions = [
            (self.post, 10),
            (self.answer, 8),
            (self.use, 14),
            (self.undo_use, 6),
            (self.vote, 10),
            (self.undo_vote, 4),
            (self.accept, 7),
            (self.undo_accept, 3),
            (self.propose, 8),
            (self.move_trade, 20),
            (self.read, 4),
        ]
        choices, weights = zip(*actions)
        try:
            while time.monotonic() < deadline:
                self.random.choices(choices, weights)[0]()
        finally:
            self.session.close()

    def others(self, items, author_position: int):
        """The items of `items` made by the others of my circle."""
        return [
            item
            for item in items
            if item[author_position] != self.number and item[author_position] // CIRCLE == self.number // CIRCLE
        ]

    def post(self):
        self.made += 1
        kind = self.random.choice(["insight", "insight", "challenge"])
        response = self.call(
            "POST",
            "/posts",
            {
                "kind": kind,
                "title": f"{kind} {self.number}-{self.made}",
                "body": "What we learned at the customer.",
                "audience": "firm",
            },
        )
        if response is not None and response.status_code == 201:
            target = self.shared.insights if kind == "insight" else self.shared.challenges
            target.append((response.json()["id"], self.number))

    def answer(self):
        challenges = self.others(self.shared.challenges, 1)[-HOT:]
        if not challenges:
            return self.post()
        post_id, asker = self.random.choice(challenges)
        response = self.call("POST", f"/posts/{post_id}/answers", {"body": f"How we solved it, {self.number}"})
        if response is not None and response.status_code == 201:
            self.shared.answers.append((response.json()["id"], asker, self.number))

    def contribution(self) -> str | None:
        """Someone else's insight or answer among the latest few, as a path: everyone crediting
        the same few authors, who credit back, is what makes transactions meet on user rows."""
        insights = [f"/posts/{post_id}" for post_id, _ in self.others(self.shared.insights, 1)[-HOT:]]
        answers = [f"/answers/{answer_id}" for answer_id, _, _ in self.others(self.shared.answers, 2)[-HOT:]]
        candidates = insights + answers
        return self.random.choice(candidates) if candidates else None

    def use(self):
        target = self.contribution()
        if target is None:
            return self.post()
        response = self.call("POST", f"{target}/uses", {"note": "Used it"})
        if response is not None and response.status_code == 201:
            self.used.add(target)

    def undo_use(self):
        if self.used:
            target = self.random.choice(sorted(self.used))
            self.used.discard(target)
            self.call("DELETE", f"{target}/uses")

    def vote(self):
        target = self.contribution()
        if target is None:
            return self.post()
        response = self.call("POST", f"{target}/helpful")
        if response is not None and response.status_code == 201:
            self.voted.add(target)

    def undo_vote(self):
        if self.voted:
            target = self.random.choice(sorted(self.voted))
            self.voted.discard(target)
            self.call("DELETE", f"{target}/helpful")

    def accept(self):
        mine = [answer_id for answer_id, asker, _ in self.shared.answers if asker == self.number]
        if not mine:
            return self.answer()
        answer_id = self.random.choice(mine)
        response = self.call("POST", f"/answers/{answer_id}/accept")
        if response is not None and response.status_code == 200:
            self.accepted.add(answer_id)

    def undo_accept(self):
        if self.accepted:
            answer_id = self.random.choice(sorted(self.accepted))
            self.accepted.discard(answer_id)
            self.call("DELETE", f"/answers/{answer_id}/accept")

    def propose(self):
        circle = range(self.number // CIRCLE * CIRCLE, min(self.number // CIRCLE * CIRCLE + CIRCLE, len(self.people)))
        counterparty = self.random.choice([index for index in circle if index != self.number])
        response = self.call(
            "POST",
            "/trades",
            {
                "counterparty_id": self.people[counterparty][0],
                "ask": {"kind": "introduction", "description": "Introduce me to the CFO"},
                "offer": {"kind": "insight", "description": "Our churn analysis"},
            },
        )
        if response is not None and response.status_code == 201:
            self.shared.trades.append((response.json()["id"], self.number, counterparty))

    def move_trade(self):
        """The next move of one of my trades, as its state allows (another may have moved it first)."""
        mine = [
            trade_id
            for trade_id, proposer, counterparty in self.shared.trades
            if self.number in (proposer, counterparty)
        ]
        if not mine:
            return self.propose()
        trade_id = self.random.choice(mine)
        response = self.call("GET", f"/trades/{trade_id}")
        if response is None or response.status_code != 200:
            return
        trade = response.json()
        if self.random.random() < 0.08 and trade["state"] in ("proposed", "accepted"):
            self.call("POST", f"/trades/{trade_id}/cancel")
            return
        if trade["state"] == "proposed" and trade["counterparty"]["id"] == self.user_id:
            self.call("POST", f"/trades/{trade_id}/accept")
        elif trade["state"] == "accepted":
            for leg in trade["legs"]:
                if leg["promiser_id"] == self.user_id and leg["state"] in ("promised", "overdue"):
                    self.call("POST", f"/trades/{trade_id}/legs/{leg['id']}/deliver", {"note": "Sent it over"})
                    return
                if leg["receiver_id"] == self.user_id and leg["state"] == "delivered":
                    self.call("POST", f"/trades/{trade_id}/legs/{leg['id']}/confirm")
                    return

    def read(self):
        self.call("GET", "/leaderboard", None)


def run_clients(firm: Firm, base_url: str, seconds: float) -> Tally:
    """CLIENTS threads acting until `seconds` have passed; the tally of their answers."""
    shared, tally = Shared(), Tally()
    clients = [Client(number, firm, base_url, shared, tally) for number in range(CLIENTS)]
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=client.run, args=(deadline,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * REQUEST_TIMEOUT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a client is stuck past its deadline"
    return tally


def logged_errors(log: str, limit: int = 60) -> str:
    """The lines of gunicorn's log that name an error, its details (PostgreSQL's DETAIL) or
    the project's own frames of its traceback, so that a failure says what the server saw."""
    lines = [
        line
        for line in log.splitlines()
        if "Error" in line or "DETAIL" in line or "CONTEXT" in line or "Retrying" in line or "/server/" in line
    ]
    return "\n".join(lines[:limit])


def boards(base_url: str, headers: dict) -> dict:
    """Every metric's firm-wide board for every period: (user id, score) in rank order."""
    figures = {}
    for metric in METRICS:
        for period in PERIODS:
            response = requests.get(
                f"{base_url}/api/v1/leaderboard",
                headers=headers,
                timeout=30,
                params={"metric": metric, "period": period, "limit": 100},
            )
            assert response.status_code == 200, response.text
            figures[metric, period] = [
                (item["rank"], item["user"]["id"], item["score"]) for item in response.json()["items"]
            ]
    return figures


def own_all_time_score(base_url: str, headers: dict) -> int:
    """The caller's own score on the all-time reputation board."""
    response = requests.get(
        f"{base_url}/api/v1/leaderboard",
        headers=headers,
        timeout=30,
        params={"metric": "reputation", "period": "all", "limit": 1},
    )
    assert response.status_code == 200, response.text
    return response.json()["me"]["score"]


def kept_figures(url: str) -> dict:
    """Ledger sums, materialised reputations, daily scores and period totals, read directly."""
    queries = {
        "ledger": "SELECT recipient_id, SUM(points) FROM reputation_entries GROUP BY recipient_id "
        "HAVING SUM(points) <> 0 ORDER BY 1",
        "reputation": "SELECT id, reputation FROM users WHERE reputation <> 0 ORDER BY id",
        "daily": "SELECT user_id, day, metric, value FROM daily_scores WHERE value <> 0 ORDER BY 1, 2, 3",
        "periods": "SELECT user_id, metric, period, starts_on, value FROM period_scores WHERE value <> 0 "
        "ORDER BY 1, 2, 3, 4",
    }
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {name: [tuple(row) for row in connection.execute(text(query))] for name, query in queries.items()}
    finally:
        engine.dispose()


def recompute(url: str, instance: str) -> None:
    """`flask recompute` on the served database, as an operator runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "recompute"],
        cwd=REPOSITORY_ROOT,
        env=os.environ | served_environment(url, instance),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_fifty_clients_at_once_get_no_server_error_and_the_books_balance(backend, tmp_path):
    url, cleanup, admin_code = migrated_database(backend, tmp_path)
    instance = str(tmp_path / "instance")
    server = start_gunicorn(environment=served_environment(url, instance), workers=WORKERS, config_file=GUNICORN_CONFIG)
    try:
        firm = seed_firm(server, admin_code)
        started = time.monotonic()
        tally = run_clients(firm, server.base_url, RUN_SECONDS)
        elapsed = time.monotonic() - started
        log = server.log_path.read_text(errors="replace")
        total = sum(tally.statuses.values())
        # Deadlock victims run again (server/database.py) are logged; lock order should leave none.
        retries = log.count("Retrying the request's transaction")
        print(
            f"\n{backend}: {total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s) by {CLIENTS} clients "
            f"on {WORKERS} workers; answers by status: {dict(sorted(tally.statuses.items(), key=str))}; "
            f"transactions retried: {retries}"
        )

        assert tally.failures == [], (
            f"{len(tally.failures)} failures, the first: {tally.failures[:5]}\n"
            f"--- what gunicorn logged ---\n{logged_errors(log)}"
        )
        assert LOCKED not in log, log[-5000:]
        assert "Traceback" not in log, log[-5000:]
        assert tally.statuses[201] > CLIENTS, "the clients hardly wrote anything"

        figures = kept_figures(url)
        # Per person: the sum of their ledger entries = their materialised reputation = their
        # score on the all-time reputation board.
        assert figures["ledger"] == figures["reputation"]
        shown = boards(server.base_url, firm.admin)
        ledger = dict(figures["ledger"])
        # The board lists the scores above zero; everyone sees their own standing, whatever it is.
        assert sorted((user_id, score) for _, user_id, score in shown["reputation", "all"]) == sorted(
            (user_id, points) for user_id, points in ledger.items() if points > 0
        )
        for user_id, headers in firm.people:
            assert own_all_time_score(server.base_url, headers) == ledger.get(user_id, 0), user_id
        # Every other figure is the one a rebuild from the ledger gives.
        recompute(url, instance)
        assert boards(server.base_url, firm.admin) == shown
        assert kept_figures(url) == figures
    finally:
        server.stop()
        cleanup()
