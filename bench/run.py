"""The API's main endpoints under gunicorn with wrk, at 10k and at 1M ledger entries, beside the
baseline endpoint served by the same gunicorn in the same run; a photo's thumbnail under
wrk, and photo uploads timed one after another.

    make bench            # both databases; or: .venv/bin/python -m bench.run --seconds 15
    .venv/bin/python -m bench.run --database postgresql
    .venv/bin/python -m bench.run --entries 10000 --seconds 3 --rounds 1 --only feed   # a quick look

Prints a Markdown table (ratios against the baseline of the same run, and against the
signed-in floor) and writes the raw figures to bench/results.json (SQLite) or
bench/results-postgresql.json. Everything runs on loopback, PostgreSQL in a throwaway
cluster like the tests'; runs are bounded in time.

What is measured, as a member in the middle of the field unless it says admin:

- Two references: the baseline (one line of JSON) and the signed-in floor (the same line
  behind the API's token check, bench/app.py), which every endpoint pays before its own work.
- The feed: each tab of the app's feed (For you, Challenges, Insights; mobile/screens/feed.py),
  the unfiltered list and open challenges (the API's status filter), each at its first page
  and at page LATER_PAGE (its keyset cursor followed from the first page at the run's start).
  The member chooses topics at the start (bench/preparation.py), so that For you holds
  challenges as well as insights.
- Leaderboards: every metric over all time, and every period of reputation (the board the
  app opens on), each firm-wide and for one division: 18 boards, not all 50 combinations of
  metric, period and scope, because the periods share one query shape (a range of
  `period_scores`) whatever the metric, and reputation has the most people in every period.
- A post, its answers, notifications, /me, the sign-in options, someone else's profile (the
  top of the all-time board), the member's trades (each tab of the trades screen) and one of
  them, search, experts, related posts, a topic, flags, the admin pages and the analytics.
- Writes: a new insight and an answer (the same request each time), and those of
  bench/writes.py, which need the data in a given state: "I used this" and its undo, a
  helpful vote and its withdrawal (each a pair alternating on the same post), and each move
  of a trade (propose, accept, decline, deliver, confirm, cancel, a lead's outcome), each its
  own line on trades prepared just before each wrk run.

A target that answers anything but 2xx in a measured turn stops the run: a refused write
measures nothing.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import flask_migrate
import requests

from bench import preparation
from bench.generate import ADMIN_ID, generate
from bench.writes import TRADE_PAIRS, Person, Run, WriteTarget, choose_voter, thread_reports, trade_pairs, write_targets
from server import create_app
from server.extensions import db
from shared.rules import Metric, Period
from tests.support.gunicorn import start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
USERS = 100_000
MEMBER_ID = USERS // 2
BASELINE = "baseline (one-line JSON)"
SIGNED_IN_FLOOR = "signed-in floor (the same line behind the token check)"
# Run whatever --only says: the two references every ratio is read against.
REFERENCES = (BASELINE, SIGNED_IN_FLOOR)
# The feed's later page: far enough down that "later" means scrolling, not the second screen.
LATER_PAGE = 5
# Each list the feed offers: the tabs of the app (mobile/screens/feed.py), the unfiltered list
# and open challenges; for each, the name of its later page's cursor and its query.
FEED_LISTS = {
    "latest": ("latest_cursor", ""),
    "for you": ("for_you_cursor", "for_you=true&"),
    "challenges": ("challenges_cursor", "kind=challenge&"),
    "insights": ("insights_cursor", "kind=insight&"),
    "open challenges": ("open_challenges_cursor", "kind=challenge&status=open&"),
}
METRIC_WORDS = {Metric.USES: "uses", Metric.ACCEPTED: "accepted answers", Metric.TRADES: "trades kept"}
PERIOD_WORDS = {
    Period.WEEK: "this week",
    Period.MONTH: "this month",
    Period.QUARTER: "this quarter",
    Period.YEAR: "this year",
    Period.ALL: "all time",
}
# The division of the one-division boards (bench/generate.py makes divisions 1 to 5).
BOARD_DIVISION = 2


def feed_targets() -> dict:
    """Each feed list at its first page and at LATER_PAGE ({..._cursor}: filled at the run's start)."""
    targets = {}
    for name, (cursor, query) in FEED_LISTS.items():
        targets[f"feed, {name}, first page"] = (f"/api/v1/posts?{query}limit=30", "member")
        targets[f"feed, {name}, page {LATER_PAGE}"] = (f"/api/v1/posts?{query}limit=30&cursor={{{cursor}}}", "member")
    return targets


def leaderboard_targets() -> dict:
    """Each metric over all time and each period of reputation, firm-wide and for one division
    (the module's docstring says why not every combination)."""
    scopes = [(Metric.REPUTATION, period) for period in Period] + [
        (metric, Period.ALL) for metric in Metric if metric != Metric.REPUTATION
    ]
    targets = {}
    for metric, period in scopes:
        # Reputation's boards keep the names they had before the other metrics were measured.
        words = PERIOD_WORDS[period]
        if metric != Metric.REPUTATION:
            words = f"{METRIC_WORDS.get(metric, metric.value)}, {words}"
        path = f"/api/v1/leaderboard?metric={metric.value}&period={period.value}"
        targets[f"leaderboard, {words}"] = (path, "member")
        targets[f"leaderboard, {words}, one division"] = (f"{path}&division={BOARD_DIVISION}", "member")
    return targets


# Each endpoint and who asks: a member in the middle of the field, or the firm's admin.
# {placeholders} are filled at the run's start (bench/preparation.py): a photo the member
# uploaded, the feed's cursors, someone else's profile and one of the member's trades.
TARGETS = {
    BASELINE: ("/bench/baseline", "member"),
    SIGNED_IN_FLOOR: ("/bench/signed-in", "member"),
    **feed_targets(),
    "a post": ("/api/v1/posts/4", "member"),
    "a post's answers": ("/api/v1/posts/4/answers?limit=30", "member"),
    "notifications": ("/api/v1/notifications?limit=30", "member"),
    **leaderboard_targets(),
    "me": ("/api/v1/me", "member"),
    "someone's profile": ("/api/v1/users/{profile}", "member"),
    # The directory, finding a colleague by part of their name (people 49990-49999 and 4999).
    "people, search by name": ("/api/v1/users?q=User%204999&limit=30", "member"),
    # The trades screen's tabs (mobile/screens/trades.py): all, asked of me, my asks.
    "trades, all, first page": ("/api/v1/trades?limit=30", "member"),
    "trades, asked of me, first page": ("/api/v1/trades?role=counterparty&limit=30", "member"),
    "trades, my asks, first page": ("/api/v1/trades?role=proposer&limit=30", "member"),
    "a trade": ("/api/v1/trades/{trade}", "member"),
    "sign-in options": ("/api/v1/auth/options", "member"),
    "admin: people, first page": ("/api/v1/admin/users?limit=30", "admin"),
    "admin: people, search by name": ("/api/v1/admin/users?q=User%2049999&limit=30", "admin"),
    "admin: divisions with counts": ("/api/v1/admin/divisions", "admin"),
    "admin: pending invitations": ("/api/v1/admin/invitations?state=pending&limit=30", "admin"),
    "admin: audit log": ("/api/v1/admin/audit?limit=30", "admin"),
    "search: one word, first page": ("/api/v1/search?q=vibration&limit=30", "member"),
    "search: two words and a prefix": ("/api/v1/search?q=pump%20warr&limit=30", "member"),
    # Finding what the firm knows (post 4 is an open challenge; "vibration" a topic's tag).
    "a challenge's suggested experts": ("/api/v1/posts/4/experts", "member"),
    "a post's related posts": ("/api/v1/posts/4/related", "member"),
    "related to a draft": ("/api/v1/posts/related?kind=challenge&title=Pump%20vibration%20under%20warranty", "member"),
    "a topic's page": ("/api/v1/tags/vibration", "member"),
    "my flags": ("/api/v1/me/flags?limit=30", "member"),
    "admin: flagged content": ("/api/v1/admin/flags?limit=30", "admin"),
    # Leaders' analytics (the admin may read them): over the generated firm's uses, answers and legs.
    "analytics: expertise gaps": ("/api/v1/analytics/expertise-gaps", "admin"),
    "analytics: flows, this quarter": ("/api/v1/analytics/flows?period=quarter", "admin"),
    "analytics: white space, this quarter": ("/api/v1/analytics/white-space?period=quarter", "admin"),
    "analytics: brokers, this quarter": ("/api/v1/analytics/brokers?period=quarter", "admin"),
    "analytics: promises, this quarter": ("/api/v1/analytics/promises?period=quarter", "admin"),
    "analytics: trends, 12 months": ("/api/v1/analytics/trends?period=month", "admin"),
    # A photo the member uploaded before the run ({photo}: its id): the thumbnail streamed
    # from the local store after the audience check.
    "a photo's thumbnail": ("/api/v1/attachments/{photo}/thumbnail", "member"),
    # Writes: each request creates a row (a new insight; another answer to an open challenge).
    "write: post an insight": (
        "/api/v1/posts",
        "member",
        "POST",
        {
            "kind": "insight",
            "title": "What the plant manager asked first",
            "audience": "firm",
            "body": "They wanted the vibration baseline before talking about price.",
        },
    ),
    "write: answer a challenge": (
        "/api/v1/posts/8/answers",
        "member",
        "POST",
        {"body": "We solved this at a pump maker last spring: start with the vibration baseline."},
    ),
}
# The people who act: the member, the admin and, for helpful votes, someone whose level allows
# them (bench.writes.choose_voter); the trade moves are made between the firm's last people.
FIRST_TRADE_PARTY = USERS - 2 * TRADE_PAIRS + 1
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
DURATION_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}
WRK_THREADS = 2
# How long wrk waits for an answer (its default, 2 s, would leave the slowest out of the
# figures); longer than gunicorn's worker timeout, past which the worker is gone anyway.
WRK_TIMEOUT = "60s"
# How many times a measured turn of a trade move is run when its prepared trades run out.
ATTEMPTS_UNTIL_ENOUGH_TRADES = 3
WORKERS = 2
# After each wrk run: how quickly the probes of idle workers come back, and how long to wait
# for them at most (wait_for_idle_workers).
IDLE_PROBE_SECONDS = 0.05
IDLE_WAIT_SECONDS = 120
# Uploads are timed one after another (each re-encodes a phone photo: CPU-bound, and a person
# may have only so many photos waiting for a post, shared/limits.py), not under wrk.
UPLOADS = 15
UPLOAD_NAME = f"upload a 12 MP phone photo ({UPLOADS} in a row)"
WARM_UP_SECONDS = 1


def database_url(database: str, directory: Path, entries: int, cluster) -> str:
    """A new, empty database for one dataset: a SQLite file, or a database in the cluster."""
    if database == "sqlite":
        return f"sqlite:///{directory / f'bench-{entries}.sqlite3'}"
    return cluster.create_database(f"bench_{entries}")


def build_database(url: str, entries: int) -> None:
    """Migrate the empty database at `url` and fill it with the firm and `entries` ledger entries."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret-benchmark-secret",
            "PASSWORD_HASH_TIME_COST": 1,
            "PASSWORD_HASH_MEMORY_KIB": 1024,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        started = time.monotonic()
        generate(users=USERS, entries=entries)
        print(
            f"  generated {USERS:,} users and {entries:,} ledger entries in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        db.engine.dispose()


def bench_app(url: str):
    """The app in this process, bound to the run's database: for what bench/writes.py writes
    and reads directly (the trades it prepares, the reactions a run left behind)."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark-secret-benchmark-secret"})


def wrk(
    url: str,
    token: str | None,
    seconds: int,
    connections: int,
    method: str = "GET",
    body: dict | None = None,
    *,
    script: str | None = None,
) -> dict:
    """wrk's figures for `url`: requests per second, p50 and p99 in ms, non-2xx answers, and
    how many requests in how long. A write sends `body` as JSON with `method`, the same body
    every time; a `script` (bench/writes.py's, which signs its own requests) replaces all that,
    and its threads' reports come back as `threads`."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT}", "--latency"]
    if script is None:
        command += ["-H", f"Authorization: Bearer {token}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script_file:
        if script is not None:
            script_file.write(script)
        elif method != "GET":
            script_file.write(
                f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(json.dumps(body))}\n"
                'wrk.headers["Content-Type"] = "application/json"\n'
            )
        if script is not None or method != "GET":
            script_file.flush()
            command += ["-s", script_file.name]
        output = subprocess.run(
            command + [url], check=True, capture_output=True, text=True, timeout=seconds + 60
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percentile in ("50", "99"):
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        latency[percentile] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    count, duration, unit = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", output).groups()
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    return {
        "requests_per_second": rate,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "requests": int(count),
        "duration_seconds": float(duration) * DURATION_UNITS[unit],
        "threads": thread_reports(output),
    }


class AnswersRefused(RuntimeError):
    """A target answered something other than 2xx: what it measured is not what it names."""


def ran_dry(result: dict) -> int:
    """How many of a run's requests came after its prepared trades ran out (bench/writes.py)."""
    return sum(report["ran_dry"] for report in result["threads"])


def check_answers(name: str, result: dict, *, measured: bool) -> None:
    """Stop the run when `name` answered anything but 2xx in a measured turn, or in an
    unmeasured one for any reason but prepared trades running out; or left a request
    unanswered for WRK_TIMEOUT (wrk leaves those out of its figures); or answered none at all
    in a measured turn (a turn shorter than one answer measures nothing)."""
    if result["timeouts"]:
        raise AnswersRefused(f"{name}: {result['timeouts']} requests had no answer within {WRK_TIMEOUT}")
    if measured and not result["requests"]:
        raise AnswersRefused(f"{name}: no request was answered in a turn of {result['duration_seconds']} s")
    after_the_last = ran_dry(result)
    allowed = 0 if measured else after_the_last
    if result["non_2xx"] > allowed or (measured and after_the_last):
        raise AnswersRefused(
            f"{name}: {result['non_2xx']} of {result['requests']} answers were not 2xx"
            + (f"; {after_the_last} requests came after its prepared trades ran out" if after_the_last else "")
        )


def measure(
    entries: int, url: str, directory: Path, seconds: int, rounds: int, connections: int, targets: dict
) -> dict:
    """Build the dataset, serve it with gunicorn, prepare the run and measure every target."""
    print(f"Dataset: {entries:,} ledger entries", flush=True)
    build_database(url, entries)
    environment = {
        "DATABASE_URL": url,
        "QUID_SECRET_KEY": "benchmark-secret-benchmark-secret",
        # Longer than the longest run, so that no token expires in the middle of one.
        "QUID_ACCESS_TOKEN_SECONDS": str(24 * 3600),
        "QUID_ACCESS_LOG": "",
        "QUID_INSTANCE_PATH": str(directory),
    }
    server = start_gunicorn(
        environment=environment,
        workers=WORKERS,
        app="bench.app:app",
        config_file=str(ROOT / "deploy" / "gunicorn.conf.py"),
        timeout_seconds=60,
    )
    app = bench_app(url)
    try:
        base_url = server.base_url
        # A person in the middle of the field, so their own rank has to be found; the admin.
        people = {
            "member": Person(MEMBER_ID, preparation.sign_in(base_url, MEMBER_ID)),
            "admin": Person(ADMIN_ID, preparation.sign_in(base_url, ADMIN_ID)),
        }
        uploads, photo = time_uploads(base_url, people["member"].token)
        values = prepare_reads(base_url, people["member"], photo)
        prepare_writes(base_url, app, people, connections, targets)
        tokens = {who: person.token for who, person in people.items()}
        targets = {name: fill(target, values) for name, target in targets.items()}
        for target in targets.values():
            if not isinstance(target, WriteTarget):
                ask_once(base_url, tokens, target)
        results = take_turns(base_url, tokens, targets, seconds, rounds, connections)
        results[UPLOAD_NAME] = uploads
        for name, result in results.items():
            print(f"  {name}: {result}", flush=True)
        return results
    except Exception:
        print("gunicorn's log ended with:\n" + server.log_tail(), flush=True)
        raise
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


def prepare_reads(base_url: str, member: Person, photo: int) -> dict:
    """The values of the targets' {placeholders}: the photo, the feed's later-page cursors (the
    member's topics chosen first, which For you depends on), someone else's profile and one of
    the member's trades (made now, through the API)."""
    preparation.choose_topics(base_url, member.token)
    values = {"photo": photo}
    for _, (cursor, query) in FEED_LISTS.items():
        first_page = f"/posts?{query}limit=30"
        values[cursor] = preparation.later_page_cursor(base_url, member.token, first_page, LATER_PAGE)
    values["profile"] = preparation.someone_at_the_top(base_url, member.token, member.id)
    values["trade"] = preparation.member_trades(base_url, member.token, member.id)
    return values


def prepare_writes(base_url: str, app, people: dict[str, Person], connections: int, targets: dict) -> None:
    """Sign in the voter and the trade pairs, and let each write target of bench/writes.py
    read what it needs (only when one is measured: 128 sign-ins are not free)."""
    writes = [target for target in targets.values() if isinstance(target, WriteTarget)]
    if not writes:
        return
    voter = choose_voter(app, MEMBER_ID)
    people["voter"] = Person(voter, preparation.sign_in(base_url, voter))
    run = Run(
        base_url=base_url,
        app=app,
        threads=WRK_THREADS,
        connections=connections,
        people=people,
        trade_pairs=trade_pairs(base_url, FIRST_TRADE_PARTY),
    )
    for target in writes:
        target.prepare(run)


def fill(target, values: dict):
    """`target` with its path's {placeholders} filled (a write target plans its own)."""
    if isinstance(target, WriteTarget):
        return target
    path, *rest = target
    return (path.format(**values), *rest)


def ask_once(base_url: str, tokens: dict, target: tuple) -> None:
    """One request of `target` before measuring: a refusal stops the run at once."""
    path, who, *write = target
    method, body = write or ("GET", None)
    requests.request(
        method, base_url + path, json=body, timeout=60, headers={"Authorization": f"Bearer {tokens[who]}"}
    ).raise_for_status()


def take_turns(base_url: str, tokens: dict, targets: dict, seconds: int, rounds: int, connections: int) -> dict:
    """Every target's figures over `rounds` turns of `seconds // rounds` each.

    The endpoints take turns, so that the machine's drift over the minutes of a run (its
    speed varies through the day) falls on the baseline and the others alike. Each turn
    starts with a second of unmeasured load: what is measured is an endpoint in steady use.
    """
    slices = {name: [] for name in targets}
    for _ in range(rounds):
        for name, target in targets.items():
            run_target(base_url, tokens, name, target, WARM_UP_SECONDS, connections, measured=False)
            slices[name].append(
                run_target(base_url, tokens, name, target, seconds // rounds, connections, measured=True)
            )
    return {name: combined(measured) for name, measured in slices.items()}


def run_target(
    base_url: str, tokens: dict, name: str, target, seconds: int, connections: int, *, measured: bool
) -> dict:
    """One wrk run of `target`, its answers checked, and the workers left idle. A measured turn
    of a trade move whose prepared trades ran out (fewer than the rate turned out to need)
    measured nothing and is run again, with more."""
    if not isinstance(target, WriteTarget):
        path, who, *write = target
        result = wrk(base_url + path, tokens[who], seconds, connections, *write)
        wait_for_idle_workers(base_url)
    else:
        for _ in range(ATTEMPTS_UNTIL_ENOUGH_TRADES):
            result = wrk(base_url + "/", None, seconds, connections, script=target.script(seconds))
            wait_for_idle_workers(base_url)
            target.finished(result)
            if not measured or not ran_dry(result):
                break
            print(f"  {name}: its prepared trades ran out; again, with more", flush=True)
    check_answers(name, result, measured=measured)
    return result


def wait_for_idle_workers(base_url: str) -> None:
    """Wait until gunicorn has answered what wrk left behind.

    When wrk stops, the requests it sent last are still queued for the workers (one per
    connection), and the workers answer each of them to a closed socket: up to seconds of
    work for a slow endpoint, which would otherwise fall on the next turn's first seconds.
    Probes of the baseline are accepted after them: once WORKERS probes sent together all
    come back within IDLE_PROBE_SECONDS, nothing was left in front of them.
    """

    def probe(_) -> None:
        requests.get(f"{base_url}/bench/baseline", timeout=IDLE_WAIT_SECONDS).raise_for_status()

    deadline = time.monotonic() + IDLE_WAIT_SECONDS
    with ThreadPoolExecutor(WORKERS) as executor:
        while time.monotonic() < deadline:
            started = time.monotonic()
            list(executor.map(probe, range(WORKERS)))
            if time.monotonic() - started < IDLE_PROBE_SECONDS:
                return
    print(f"  (the workers were still slow to answer {IDLE_WAIT_SECONDS} s after wrk stopped)", flush=True)


def time_uploads(base_url: str, token: str) -> tuple[dict, int]:
    """POST /attachments UPLOADS times in a row with a 4000 × 3000 JPEG carrying EXIF, as a
    phone sends it; the figures in wrk's shape, and the last photo's id."""
    from tests.support.photos import jpeg_from_the_field

    photo = jpeg_from_the_field(4000, 3000)
    durations, photo_id = [], None
    for number in range(UPLOADS):
        started = time.monotonic()
        response = requests.post(
            f"{base_url}/api/v1/attachments",
            headers={"Authorization": f"Bearer {token}"},
            files={"photo": (f"IMG_{number}.jpg", photo, "image/jpeg")},
            timeout=60,
        )
        durations.append((time.monotonic() - started) * 1000)
        response.raise_for_status()
        photo_id = response.json()["id"]
    return {
        "requests_per_second": round(1000 / statistics.mean(durations), 2),
        "p50_ms": statistics.median(durations),
        "p99_ms": max(durations),
        "non_2xx": 0,
        "slices": [],
    }, photo_id


def combined(slices: list[dict]) -> dict:
    """One endpoint's figures over its slices of equal length: the mean rate, the median
    p50 and the worst p99 (latency percentiles of separate runs cannot be merged)."""
    return {
        "requests_per_second": round(statistics.mean(s["requests_per_second"] for s in slices), 2),
        "p50_ms": statistics.median(s["p50_ms"] for s in slices),
        "p99_ms": max(s["p99_ms"] for s in slices),
        "non_2xx": sum(s["non_2xx"] for s in slices),
        "slices": [s["requests_per_second"] for s in slices],
    }


def table(figures: dict) -> str:
    """The figures as a Markdown table: each rate against the baseline of its dataset and, when
    the dataset has one, against the signed-in floor (what the endpoint costs beyond the token
    check and the request's transaction)."""
    with_floor = any(SIGNED_IN_FLOOR in results for results in figures.values())
    floor_heading, floor_rule = (" × signed-in floor |", "---|") if with_floor else ("", "")
    lines = [
        f"| ledger entries | endpoint | requests/s | × baseline |{floor_heading} p50 ms | p99 ms |",
        f"|---|---|---|---|{floor_rule}---|---|",
    ]
    for entries, results in figures.items():
        baseline = results[BASELINE]["requests_per_second"]
        floor = results.get(SIGNED_IN_FLOOR, {}).get("requests_per_second")
        for name, result in results.items():
            rate = result["requests_per_second"]
            against_floor = (f" {rate / floor:.2f} |" if floor else " |") if with_floor else ""
            lines.append(
                f"| {int(entries):,} | {name} | {rate:,.0f} | {rate / baseline:.2f} |{against_floor} "
                f"{result['p50_ms']:.2f} | {result['p99_ms']:.2f} |"
            )
    return "\n".join(lines)


def all_targets() -> dict:
    """Every target by name, the write targets of bench/writes.py new (they keep what their
    runs did, so each dataset has its own)."""
    return {**TARGETS, **write_targets()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15, help="wrk time per endpoint, in all")
    parser.add_argument("--rounds", type=int, default=3, help="the endpoints take turns this many times")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="WORDS",
        help="only the endpoints whose name holds one of these (the baseline and the signed-in floor always run)",
    )
    parser.add_argument("--entries", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql starts a throwaway local cluster, as the tests do",
    )
    arguments = parser.parse_args()
    names = [
        name
        for name in all_targets()
        if name in REFERENCES or not arguments.only or any(word in name for word in arguments.only)
    ]
    cluster = None
    if arguments.database == "postgresql":
        from tests.support.postgresql import start_cluster

        cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory(prefix="quid-bench-") as directory:
            figures = {}
            for entries in arguments.entries:
                url = database_url(arguments.database, Path(directory), entries, cluster)
                targets = {name: target for name, target in all_targets().items() if name in names}
                figures[str(entries)] = measure(
                    entries, url, Path(directory), arguments.seconds, arguments.rounds, arguments.connections, targets
                )
    finally:
        if cluster is not None:
            cluster.stop()
    suffix = "" if arguments.database == "sqlite" else f"-{arguments.database}"
    (ROOT / "bench" / f"results{suffix}.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(table(figures))
    entries = [str(value) for value in arguments.entries]
    if len(entries) == 2:
        for name in names:
            if name != BASELINE:
                small, large = figures[entries[0]][name]["p99_ms"], figures[entries[1]][name]["p99_ms"]
                print(f"\n{name}: p99 at {int(entries[1]):,} / at {int(entries[0]):,}: {large / small:.2f}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
