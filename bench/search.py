"""Search under load: a 30-result page of GET /search over 100k posts and answers, beside the
one-line baseline served by the same gunicorn workers in the same run.

    .venv/bin/python -m bench.search                       # SQLite
    .venv/bin/python -m bench.search --database postgresql

The firm's text follows a long tail, as real writing does: a few words are everywhere and
most are rare. The queries are what people type: one word of middling frequency, and two
words with the last one half typed. Prints the Markdown table of bench.run (ratios against
the baseline) and writes bench/results-search[-postgresql].json.
"""

import argparse
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta

import flask_migrate
import requests
from sqlalchemy import insert

from bench.generate import DIVISIONS, PASSWORD, insert_people
from bench.run import ROOT, combined, table, wrk
from server import create_app
from server.answers.models import Answer
from server.extensions import db
from server.posts.models import Post
from server.search.index import rebuild_index
from tests.support.gunicorn import start_gunicorn

USERS = 2_000
POSTS = 60_000
ANSWERS = 40_000
VOCABULARY = 5_000
SEED = 11
BATCH = 10_000
SECRET = "benchmark-secret-benchmark-secret"


def vocabulary(rng: random.Random) -> list[str]:
    """Made-up words, most frequent first (their use follows Zipf's law below)."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def writer(rng: random.Random, words: list[str]):
    weights = [1 / (rank + 1) for rank in range(len(words))]

    def text(count: int) -> str:
        return " ".join(rng.choices(words, weights=weights, k=count))

    return text


def generate(words: list[str]) -> None:
    """The firm: people in divisions, posts (most for the firm, some for a division) and answers."""
    rng = random.Random(SEED)
    text = writer(rng, words)
    now = datetime.now(UTC)
    insert_people(users=USERS, now=now)
    for start in range(0, POSTS, BATCH):
        rows = []
        for n in range(start, min(POSTS, start + BATCH)):
            author = rng.randint(1, USERS)
            kind = "challenge" if n % 2 else "insight"
            moment = now - timedelta(minutes=POSTS - n)
            rows.append(
                {
                    "id": n + 1,
                    "kind": kind,
                    "title": text(6).capitalize(),
                    "body": text(60),
                    "audience": "division" if n % 7 == 0 else "firm",
                    "division_id": (author - 1) % DIVISIONS + 1,
                    "author_id": author,
                    "status": "open" if kind == "challenge" else None,
                    "verified_at": moment if kind == "insight" else None,
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
        db.session.execute(insert(Post), rows)
    for start in range(0, ANSWERS, BATCH):
        db.session.execute(
            insert(Answer),
            [
                {
                    "id": n + 1,
                    "post_id": 2 * rng.randint(1, POSTS // 2),
                    "author_id": rng.randint(1, USERS),
                    "body": text(40),
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(start, min(ANSWERS, start + BATCH))
            ],
        )
    db.session.commit()
    started = time.monotonic()
    documents = rebuild_index()
    db.session.commit()
    print(f"  indexed {documents:,} posts and answers in {time.monotonic() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=15, help="wrk time per endpoint, in all")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    cluster = None
    if arguments.database == "postgresql":
        from tests.support.postgresql import start_cluster

        cluster = start_cluster()
    words = vocabulary(random.Random(SEED))
    # A word of middling frequency (in about 2% of the documents), and two words of which the
    # second is half typed.
    targets = {
        "baseline (one-line JSON)": "/bench/baseline",
        "search: one word, 30 results": f"/api/v1/search?q={words[150]}&limit=30",
        "search: two words and a prefix, 30 results": f"/api/v1/search?q={words[40]}%20{words[400][:3]}&limit=30",
    }
    try:
        with tempfile.TemporaryDirectory(prefix="quid-bench-search-") as directory:
            url = (
                f"sqlite:///{directory}/search.sqlite3" if cluster is None else cluster.create_database("bench_search")
            )
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
            with app.app_context():
                flask_migrate.upgrade()
                generate(words)
                db.engine.dispose()
            server = start_gunicorn(
                environment={
                    "DATABASE_URL": url,
                    "QUID_SECRET_KEY": SECRET,
                    "QUID_ACCESS_TOKEN_SECONDS": "3600",
                    "QUID_ACCESS_LOG": "",
                    "QUID_INSTANCE_PATH": directory,
                },
                workers=2,
                app="bench.app:app",
                config_file=str(ROOT / "deploy" / "gunicorn.conf.py"),
                timeout_seconds=60,
            )
            try:
                login = requests.post(
                    f"{server.base_url}/api/v1/auth/login",
                    timeout=30,
                    json={"email": f"user{USERS // 2}@bench.example", "password": PASSWORD},
                )
                login.raise_for_status()
                token = login.json()["access_token"]
                for path in targets.values():
                    answer = requests.get(
                        server.base_url + path, headers={"Authorization": f"Bearer {token}"}, timeout=60
                    )
                    answer.raise_for_status()
                    if "items" in answer.json():
                        print(f"  {path}: {len(answer.json()['items'])} results on the first page", flush=True)
                slices = {name: [] for name in targets}
                for _ in range(arguments.rounds):
                    for name, path in targets.items():
                        wrk(server.base_url + path, token, 1, arguments.connections)
                        slices[name].append(
                            wrk(
                                server.base_url + path,
                                token,
                                arguments.seconds // arguments.rounds,
                                arguments.connections,
                            )
                        )
                figures = {"100000 documents": {name: combined(measured) for name, measured in slices.items()}}
            finally:
                server.stop()
    finally:
        if cluster is not None:
            cluster.stop()
    suffix = "" if arguments.database == "sqlite" else f"-{arguments.database}"
    (ROOT / "bench" / f"results-search{suffix}.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(table({str(POSTS + ANSWERS): figures["100000 documents"]}).replace("ledger entries", "documents", 1))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
