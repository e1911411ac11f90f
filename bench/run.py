"""Leaderboards, /me and the sign-in options and admin pages under gunicorn with wrk, at 10k and
at 1M ledger entries, beside the baseline endpoint served by the same gunicorn in the same run;
a photo's thumbnail under wrk, and photo uploads timed one after another.

    make bench            # both databases; or: .venv/bin/python -m bench.run --seconds 15
    .venv/bin/python -m bench.run --database postgresql

Prints a Markdown table (ratios against the baseline of the same run) and writes the raw
figures to bench/results.json (SQLite) or bench/results-postgresql.json. Everything runs
on loopback, PostgreSQL in a throwaway cluster like the tests'; runs are bounded in time.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import flask_migrate
import requests

from bench.generate import ADMIN_ID, PASSWORD, generate
from server import create_app
from server.extensions import db
from tests.support.gunicorn import start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
USERS = 100_000
# Each endpoint and who asks: a member in the middle of the field, or the firm's admin.
TARGETS = {
    "baseline (one-line JSON)": ("/bench/baseline", "member"),
    "feed, latest, first page": ("/api/v1/posts?limit=30", "member"),
    "a post": ("/api/v1/posts/4", "member"),
    "a post's answers": ("/api/v1/posts/4/answers?limit=30", "member"),
    "notifications": ("/api/v1/notifications?limit=30", "member"),
    "leaderboard, all time": ("/api/v1/leaderboard?metric=reputation&period=all", "member"),
    "leaderboard, this year, one division": ("/api/v1/leaderboard?metric=reputation&period=year&division=2", "member"),
    "me": ("/api/v1/me", "member"),
    "sign-in options": ("/api/v1/auth/options", "member"),
    "admin: people, first page": ("/api/v1/admin/users?limit=30", "admin"),
    "admin: people, search by name": ("/api/v1/admin/users?q=User%2049999&limit=30", "admin"),
    "admin: divisions with counts": ("/api/v1/admin/divisions", "admin"),
    "admin: pending invitations": ("/api/v1/admin/invitations?state=pending&limit=30", "admin"),
    "admin: audit log": ("/api/v1/admin/audit?limit=30", "admin"),
    # Leaders' analytics (the admin may read them): over the generated firm's uses, answers and legs.
    "search: one word, first page": ("/api/v1/search?q=vibration&limit=30", "member"),
    "search: two words and a prefix": ("/api/v1/search?q=pump%20warr&limit=30", "member"),
    # Finding what the firm knows (post 4 is an open challenge; "vibration" a topic's tag).
    "a challenge's suggested experts": ("/api/v1/posts/4/experts", "member"),
    "a post's related posts": ("/api/v1/posts/4/related", "member"),
    "related to a draft": ("/api/v1/posts/related?kind=challenge&title=Pump%20vibration%20under%20warranty", "member"),
    "a topic's page": ("/api/v1/tags/vibration", "member"),
    "my flags": ("/api/v1/me/flags?limit=30", "member"),
    "admin: flagged content": ("/api/v1/admin/flags?limit=30", "admin"),
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
SIGN_INS = {"member": f"user{USERS // 2}@bench.example", "admin": f"user{ADMIN_ID}@bench.example"}
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
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


def wrk(url: str, token: str, seconds: int, connections: int, method: str = "GET", body: dict | None = None) -> dict:
    """wrk's figures for `url`: requests per second, p50 and p99 in ms, non-2xx answers. A
    write sends `body` as JSON with `method`, the same body every time."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Authorization: Bearer {token}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if method != "GET":
            script.write(
                f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(json.dumps(body))}\n"
                'wrk.headers["Content-Type"] = "application/json"\n'
            )
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run(
            command + [url], check=True, capture_output=True, text=True, timeout=seconds + 60
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percentile in ("50", "99"):
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        latency[percentile] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": rate,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def measure(
    entries: int, url: str, directory: Path, seconds: int, rounds: int, connections: int, targets: dict
) -> dict:
    print(f"Dataset: {entries:,} ledger entries", flush=True)
    build_database(url, entries)
    environment = {
        "DATABASE_URL": url,
        "QUID_SECRET_KEY": "benchmark-secret-benchmark-secret",
        "QUID_ACCESS_TOKEN_SECONDS": "3600",
        "QUID_ACCESS_LOG": "",
        "QUID_INSTANCE_PATH": str(directory),
    }
    server = start_gunicorn(
        environment=environment,
        workers=2,
        app="bench.app:app",
        config_file=str(ROOT / "deploy" / "gunicorn.conf.py"),
        timeout_seconds=60,
    )
    try:
        # A person in the middle of the field, so their own rank has to be found; the admin.
        tokens = {}
        for who, email in SIGN_INS.items():
            login = requests.post(
                f"{server.base_url}/api/v1/auth/login", timeout=30, json={"email": email, "password": PASSWORD}
            )
            login.raise_for_status()
            tokens[who] = login.json()["access_token"]
        uploads, photo = time_uploads(server.base_url, tokens["member"])
        targets = {name: (path.format(photo=photo), *rest) for name, (path, *rest) in targets.items()}
        for path, who, *write in targets.values():
            method, body = write or ("GET", None)
            requests.request(
                method,
                server.base_url + path,
                json=body,
                timeout=60,
                headers={"Authorization": f"Bearer {tokens[who]}"},
            ).raise_for_status()
        # The endpoints take turns, so that the machine's drift over the minutes of a run
        # (its speed varies through the day) falls on the baseline and the others alike.
        # Each turn starts with a second of unmeasured load: in the turns between, every
        # worker's kept boards expire, and what is measured is a board in steady use.
        slices = {name: [] for name in targets}
        for _ in range(rounds):
            for name, (path, who, *write) in targets.items():
                wrk(server.base_url + path, tokens[who], WARM_UP_SECONDS, connections, *write)
                slices[name].append(wrk(server.base_url + path, tokens[who], seconds // rounds, connections, *write))
        results = {name: combined(measured) for name, measured in slices.items()}
        results[UPLOAD_NAME] = uploads
        for name, result in results.items():
            print(f"  {name}: {result}", flush=True)
        return results
    except Exception:
        print("gunicorn's log ended with:\n" + server.log_tail(), flush=True)
        raise
    finally:
        server.stop()


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
    lines = ["| ledger entries | endpoint | requests/s | × baseline | p50 ms | p99 ms |", "|---|---|---|---|---|---|"]
    for entries, results in figures.items():
        baseline = results["baseline (one-line JSON)"]["requests_per_second"]
        for name, result in results.items():
            lines.append(
                f"| {int(entries):,} | {name} | {result['requests_per_second']:,.0f} | "
                f"{result['requests_per_second'] / baseline:.2f} | {result['p50_ms']:.2f} | "
                f"{result['p99_ms']:.2f} |"
            )
    return "\n".join(lines)


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
        help="only the endpoints whose name holds one of these (the baseline always runs)",
    )
    parser.add_argument("--entries", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql starts a throwaway local cluster, as the tests do",
    )
    arguments = parser.parse_args()
    targets = {
        name: target
        for name, target in TARGETS.items()
        if name.startswith("baseline") or not arguments.only or any(word in name for word in arguments.only)
    }
    cluster = None
    if arguments.database == "postgresql":
        from tests.support.postgresql import start_cluster

        cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory(prefix="quid-bench-") as directory:
            figures = {}
            for entries in arguments.entries:
                url = database_url(arguments.database, Path(directory), entries, cluster)
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
        for name in targets:
            if not name.startswith("baseline"):
                small, large = figures[entries[0]][name]["p99_ms"], figures[entries[1]][name]["p99_ms"]
                print(f"\n{name}: p99 at {int(entries[1]):,} / at {int(entries[0]):,}: {large / small:.2f}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
