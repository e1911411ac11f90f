"""The real server: gunicorn with several workers on a loopback port, on each backend.

These are the concurrency guarantees that only show with separate processes: one key,
twenty simultaneous requests, one post; many simultaneous writers, no "database is locked".
"""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from shared.limits import MAX_REQUEST_BYTES
from tests.conftest import BACKENDS, TEST_CONFIG
from tests.support.gunicorn import start_gunicorn
from tests.support.served import bearer, join, migrated_database, sign_up

CONCURRENCY = 20


@pytest.fixture(params=BACKENDS, scope="module")
def server(request, tmp_path_factory):
    url, cleanup, admin_code = migrated_database(request.param, tmp_path_factory.mktemp("served"))
    environment = {
        "DATABASE_URL": url,
        "QUID_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "QUID_PASSWORD_HASH_TIME_COST": "1",
        "QUID_PASSWORD_HASH_MEMORY_KIB": "1024",
        "QUID_INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "QUID_ACCESS_LOG": "",
    }
    served = start_gunicorn(
        environment=environment,
        workers=3,
        config_file=os.path.join(os.path.dirname(__file__), "..", "deploy", "gunicorn.conf.py"),
    )
    served.admin_headers = bearer(join(served, admin_code, "The Admin"))
    yield served
    served.stop()
    cleanup()


def in_parallel(calls):
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_twenty_simultaneous_requests_with_one_key_create_one_post(server):
    headers = {**sign_up(server, "Retrier"), "Idempotency-Key": str(uuid.uuid4())}
    body = {"kind": "insight", "title": "Sent twenty times at once", "body": "Flaky network", "audience": "firm"}

    def send():
        return requests.post(f"{server.base_url}/api/v1/posts", json=body, headers=headers, timeout=30)

    responses = in_parallel([send] * CONCURRENCY)
    assert [response.status_code for response in responses] == [201] * CONCURRENCY, [
        response.text for response in responses if response.status_code != 201
    ]
    assert len({response.json()["id"] for response in responses}) == 1
    assert sum(response.headers.get("Idempotent-Replayed") == "true" for response in responses) == CONCURRENCY - 1
    feed = requests.get(
        f"{server.base_url}/api/v1/posts",
        headers=headers,
        params={"author": responses[0].json()["author"]["id"]},
        timeout=10,
    )
    assert len(feed.json()["items"]) == 1


def test_an_undo_sent_twenty_times_at_once_with_one_key_answers_204_every_time(server):
    author, user = sign_up(server, "Undo Author"), sign_up(server, "Undo Retrier")
    target = requests.post(
        f"{server.base_url}/api/v1/posts",
        headers=author,
        timeout=10,
        json={"kind": "insight", "title": "Used, then not", "body": "b"},
    ).json()
    path = f"{server.base_url}/api/v1/posts/{target['id']}/uses"
    assert requests.post(path, headers=user, json={"note": "Used it"}, timeout=10).status_code == 201
    headers = {**user, "Idempotency-Key": str(uuid.uuid4())}

    responses = in_parallel([lambda: requests.delete(path, headers=headers, timeout=30)] * CONCURRENCY)
    assert [response.status_code for response in responses] == [204] * CONCURRENCY, [
        response.text for response in responses if response.status_code != 204
    ]
    assert (
        requests.get(f"{server.base_url}/api/v1/posts/{target['id']}", headers=user, timeout=10).json()["use_count"]
        == 0
    )


def test_simultaneous_writers_all_succeed_and_every_credit_counts(server):
    """Posts and uses at once: no "database is locked", and the author's materialised
    reputation equals the sum of all the credits written concurrently."""
    authors = [sign_up(server, f"Writer {number}") for number in range(4)]
    target = requests.post(
        f"{server.base_url}/api/v1/posts",
        headers=authors[0],
        timeout=10,
        json={"kind": "insight", "title": "Use me, everyone", "body": "b"},
    ).json()
    users = [sign_up(server, f"User {number}") for number in range(CONCURRENCY)]

    def write(number):
        return lambda: requests.post(
            f"{server.base_url}/api/v1/posts",
            headers=authors[number % 4],
            timeout=30,
            json={"kind": "challenge", "title": f"Parallel challenge {number}", "body": "b"},
        )

    def use(headers):
        return lambda: requests.post(
            f"{server.base_url}/api/v1/posts/{target['id']}/uses", headers=headers, json={"note": "Used it"}, timeout=30
        )

    responses = in_parallel([write(number) for number in range(CONCURRENCY)] + [use(h) for h in users])
    assert [response.status_code for response in responses] == [201] * (2 * CONCURRENCY), [
        response.text for response in responses if response.status_code != 201
    ]
    shown = requests.get(f"{server.base_url}/api/v1/posts/{target['id']}", headers=authors[0], timeout=10).json()
    assert shown["use_count"] == CONCURRENCY
    me = requests.get(f"{server.base_url}/api/v1/me", headers=authors[0], timeout=10).json()
    assert me["reputation"] == CONCURRENCY * 10  # same division: 10 points a use


def test_errors_from_the_real_server_use_the_error_shape(server):
    response = requests.get(f"{server.base_url}/api/v1/me", timeout=10)
    assert response.status_code == 401
    assert set(response.json()) == {"code", "status", "message", "errors"}
    big = requests.post(
        f"{server.base_url}/api/v1/posts",
        headers=sign_up(server, "Big"),
        timeout=10,
        data=b"{" + b" " * MAX_REQUEST_BYTES + b"}",
    )
    assert big.status_code == 413
    assert big.json()["code"] == 413
