"""The leaderboard against the one-line baseline inside one process, through Flask's test
client: no gunicorn, no wrk, no sockets, so it is cheap to run beside other work and shows
what the app itself costs per request.

    .venv/bin/python -m bench.in_process                  # requests/s and the ratio
    .venv/bin/python -m bench.in_process --profile 2000   # plus a cProfile of the leaderboard
    .venv/bin/python -m bench.in_process --database postgresql   # on a throwaway cluster

The ratio is not the gunicorn one (`make bench`): the test client leaves out the server's
own per-request cost, which both endpoints pay, so this ratio runs lower than the real one.
"""

import argparse
import contextlib
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

import flask_migrate

from bench.generate import PASSWORD, generate
from server import create_app

LEADERBOARD = "/api/v1/leaderboard"
BASELINE = "/bench/baseline"


def build_app(database_url: str, users: int, entries: int):
    """The real app on a freshly generated database, with the baseline route added."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "benchmark-secret-benchmark-secret",
            "PASSWORD_HASH_TIME_COST": 1,
            "PASSWORD_HASH_MEMORY_KIB": 1024,
        }
    )

    @app.get(BASELINE)
    def baseline():
        return {"ok": True}

    with app.app_context():
        flask_migrate.upgrade()
        generate(users=users, entries=entries)
    return app


def rate(client, path: str, headers: dict, requests: int, clock=time.process_time) -> float:
    """Requests per second of `clock` for `requests` sequential GETs of `path`.

    This process's CPU time by default, so that other work on the machine slows neither
    endpoint (it still adds noise through shared caches, hence the best of several rounds);
    on PostgreSQL wall time, which includes the database server's share of each request.
    """
    started = clock()
    for _ in range(requests):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.get_json()
    return requests / (clock() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000, help="GETs per endpoint per round")
    parser.add_argument("--rounds", type=int, default=3, help="the best round of each endpoint counts")
    parser.add_argument(
        "--query",
        default="metric=reputation&period=all",
        help="the leaderboard's query string (e.g. period=year&division=2)",
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="REQUESTS", help="afterwards, profile this many leaderboard GETs"
    )
    parser.add_argument("--profile-dump", metavar="FILE", help="also write that profile for pstats")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql runs a throwaway cluster (its server's work is not in the CPU time)",
    )
    arguments = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if arguments.database == "postgresql":
            from tests.support.postgresql import start_cluster

            cluster = start_cluster()
            stack.callback(cluster.stop)
            database_url = cluster.create_database("bench_in_process")
        else:
            directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="quid-in-process-"))
            database_url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        app = build_app(database_url, arguments.users, arguments.entries)
        client = app.test_client()
        login = client.post(
            "/api/v1/auth/login", json={"email": f"user{arguments.users // 2}@bench.example", "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
        leaderboard = f"{LEADERBOARD}?{arguments.query}"
        clock = time.perf_counter if arguments.database == "postgresql" else time.process_time
        rate(client, leaderboard, headers, 50)  # warm up: the board, the statement caches
        rate(client, BASELINE, headers, 50)
        best = {"baseline": 0.0, "leaderboard": 0.0}
        for _ in range(arguments.rounds):
            # Alternating rounds, so a neighbour's load falls on both endpoints alike.
            best["baseline"] = max(best["baseline"], rate(client, BASELINE, headers, arguments.requests, clock))
            best["leaderboard"] = max(
                best["leaderboard"], rate(client, leaderboard, headers, arguments.requests, clock)
            )
        print(f"baseline:    {best['baseline']:8,.0f} requests/s")
        print(f"leaderboard: {best['leaderboard']:8,.0f} requests/s")
        print(f"ratio:       {best['leaderboard'] / best['baseline']:8.3f}")
        if arguments.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            rate(client, leaderboard, headers, arguments.profile)
            profiler.disable()
            if arguments.profile_dump:
                profiler.dump_stats(arguments.profile_dump)
            statistics = pstats.Stats(profiler).strip_dirs()
            statistics.sort_stats("cumulative").print_stats(45)
            statistics.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
