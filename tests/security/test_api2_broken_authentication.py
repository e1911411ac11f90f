"""OWASP API2:2023 Broken Authentication — how Quid's sign-in and sessions can be attacked.

Quid's password sign-in (`POST /auth/login`) and the endpoints that set a password
(`/auth/register`, `/auth/sign-up`) are open to anyone who can reach the server; sessions
are short-lived JWT access tokens and rotated refresh tokens, each pair in a family (one
sign-in) that logout or a replayed refresh token revokes. Broken authentication here would
mean: guessing passwords without limit, at one account or across many; shutting a colleague
out by failing on purpose; a flood of sign-ins that stalls everyone else's writes; a token
honoured that Quid did not mean to honour (no expiry, a refresh token replayed after its
grace); a live token left where others can read it (the database, a remembered idempotent
response); or a legitimate client signed out by its own retries (two tabs refreshing at
once, a lost answer).
"""

import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import argon2
import psycopg
import pytest
import requests
from sqlalchemy import text

from server import create_app
from server.config import ConfigurationError
from tests.conftest import BACKENDS, TEST_CONFIG
from tests.support.assertions import assert_error, claims_of
from tests.support.gunicorn import REPOSITORY_ROOT, start_gunicorn
from tests.support.http import PASSWORD, PREFIX, Person
from tests.support.redis_server import start_redis
from tests.support.served import bearer, join, migrated_database, sign_up

GUNICORN_CONFIG = str(REPOSITORY_ROOT / "deploy" / "gunicorn.conf.py")

# --- Tokens and retries ------------------------------------------------------------------
# A refresh token presented again within the grace window answers the pair it was
# exchanged for; after the window it revokes the session. Remembered idempotent answers and
# the token tables never hold a usable token; a token without `exp` is refused.


def refresh(api, refresh_token: str):
    return api.post("/auth/refresh", headers={"Authorization": f"Bearer {refresh_token}"})


def later_than_the_grace_window(app):
    """Move the server's clock past the refresh grace window."""
    from server.common.clock import utcnow

    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow() + timedelta(seconds=app.config["REFRESH_GRACE_SECONDS"] + 1)


def test_a_refresh_token_presented_again_within_the_grace_window_answers_the_same_pair(api):
    person = api.person()
    first = refresh(api, person.refresh_token)
    again = refresh(api, person.refresh_token)
    assert first.status_code == again.status_code == 200, again.get_json()
    assert again.get_json() == first.get_json()
    pair = first.get_json()
    # The session goes on: the pair works and rotates as usual.
    assert api.get("/me", headers={"Authorization": f"Bearer {pair['access_token']}"}).status_code == 200
    assert refresh(api, pair["refresh_token"]).status_code == 200


def test_a_refresh_token_presented_again_after_the_grace_window_revokes_the_session(api, app):
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    later_than_the_grace_window(app)
    assert_error(refresh(api, person.refresh_token), 401, mentions="already used")
    assert_error(api.get("/me", headers={"Authorization": f"Bearer {pair['access_token']}"}), 401, mentions="revoked")
    assert_error(refresh(api, pair["refresh_token"]), 401, mentions="revoked")


def test_with_no_grace_window_a_second_presentation_revokes_the_session_at_once(api, app):
    app.config["REFRESH_GRACE_SECONDS"] = 0
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    assert_error(refresh(api, person.refresh_token), 401, mentions="already used")
    assert_error(refresh(api, pair["refresh_token"]), 401, mentions="revoked")


def test_the_grace_window_does_not_outlive_a_logout(api):
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    assert api.post("/auth/logout", headers={"Authorization": f"Bearer {pair['access_token']}"}).status_code == 204
    assert_error(refresh(api, person.refresh_token), 401, mentions="revoked")


def test_simultaneous_refreshes_with_one_token_keep_the_session_on_a_real_server(api, app, tmp_path):
    person = api.person()
    callers = 8
    environment = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "QUID_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "QUID_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    with start_gunicorn(environment=environment, workers=2) as server:
        start = threading.Barrier(callers)

        def refresh_at_once():
            start.wait()
            return requests.post(
                f"{server.base_url}/api/v1/auth/refresh",
                timeout=30,
                headers={"Authorization": f"Bearer {person.refresh_token}"},
            )

        results = [None] * callers
        threads = [
            threading.Thread(target=lambda number=number: results.__setitem__(number, refresh_at_once()))
            for number in range(callers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [response.status_code for response in results] == [200] * callers, [
            response.text for response in results
        ]
        pairs = {(response.json()["access_token"], response.json()["refresh_token"]) for response in results}
        assert len(pairs) == 1, "every caller got the one pair the token was exchanged for"
        access_token, refresh_token = pairs.pop()
        me = requests.get(
            f"{server.base_url}/api/v1/me", timeout=10, headers={"Authorization": f"Bearer {access_token}"}
        )
        assert me.status_code == 200 and me.json()["id"] == person.id
        rotated = requests.post(
            f"{server.base_url}/api/v1/auth/refresh", timeout=10, headers={"Authorization": f"Bearer {refresh_token}"}
        )
        assert rotated.status_code == 200, rotated.text


def every_stored_value(app, table: str) -> list[str]:
    """Every value of every row of `table`, as text, read straight from the database."""
    from server.extensions import db

    with app.app_context():
        rows = db.session.execute(text(f"SELECT * FROM {table}")).all()
        db.session.remove()
    return [str(value) for row in rows for value in row]


def token_parts(token: str) -> list[str]:
    """The token and its signature: either found in the database would be a usable token."""
    return [token, token.rsplit(".", 1)[1]]


def test_the_token_tables_hold_no_usable_token(api, app):
    person = api.person()
    pair = refresh(api, person.refresh_token).get_json()
    assert refresh(api, person.refresh_token).get_json() == pair  # kept for the grace window
    stored = every_stored_value(app, "refresh_tokens") + every_stored_value(app, "token_families")
    assert stored, "the tables were read"
    for token in (person.access_token, person.refresh_token, pair["access_token"], pair["refresh_token"]):
        for part in token_parts(token):
            assert not any(part in value for value in stored)


def test_a_kept_pair_opens_only_with_the_token_it_was_exchanged_for(api):
    person = api.person()
    other_session = Person(api.client, api.login(person.email).get_json(), PASSWORD)
    pair = refresh(api, person.refresh_token).get_json()
    other_pair = refresh(api, other_session.refresh_token).get_json()
    assert refresh(api, person.refresh_token).get_json() == pair
    assert refresh(api, other_session.refresh_token).get_json() == other_pair
    assert claims_of(pair["refresh_token"])["fam"] != claims_of(other_pair["refresh_token"])["fam"]


def signed_with_the_right_key(app, *, kind: str, family: str, user_id: int) -> str:
    """A token of `kind` Quid's key signed, for a live session, but without `exp`."""
    from flask_jwt_extended import create_access_token, create_refresh_token

    create = create_access_token if kind == "access" else create_refresh_token
    with app.app_context():
        token = create(identity=str(user_id), additional_claims={"fam": family}, expires_delta=False)
    assert "exp" not in claims_of(token)
    return token


def test_a_token_without_an_expiry_is_refused_even_when_signed_with_the_right_key(api, app):
    person = api.person()
    family = claims_of(person.access_token)["fam"]
    access_token = signed_with_the_right_key(app, kind="access", family=family, user_id=person.id)
    refresh_token = signed_with_the_right_key(app, kind="refresh", family=family, user_id=person.id)
    for _ in range(2):  # the second time past the worker's table of verified tokens, too
        assert_error(api.get("/me", headers={"Authorization": f"Bearer {access_token}"}), 401, mentions="exp")
    assert_error(refresh(api, refresh_token), 401, mentions="exp")
    assert person.get("/me").status_code == 200, "the real session is untouched"


def test_a_remembered_joining_answer_holds_no_token_and_its_replay_hands_out_none(api, app):
    body = {"invitation": api.invitation(email="joiner@quid.example"), "password": PASSWORD, "display_name": "Joiner"}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    joined = api.post("/auth/register", json=body, headers=key)
    assert joined.status_code == 201
    session = joined.get_json()
    stored = every_stored_value(app, "idempotency_records")
    assert any(session["user"]["email"] in value for value in stored), "the answer is remembered"
    for token in (session["access_token"], session["refresh_token"]):
        for part in token_parts(token):
            assert not any(part in value for value in stored)
    assert not any("access_token" in value or "refresh_token" in value for value in stored)

    replay = api.post("/auth/register", json=body, headers=key)
    assert_error(replay, 409, mentions="sign in")
    assert "access_token" not in replay.get_data(as_text=True)
    assert "refresh_token" not in replay.get_data(as_text=True)
    # The first session still works, and signing in gives a new one.
    assert api.get("/me", headers={"Authorization": f"Bearer {session['access_token']}"}).status_code == 200
    assert api.login("joiner@quid.example").status_code == 200


def test_a_remembered_invitation_holds_no_code_and_its_replay_shows_none(api, app):
    admin = api.admin()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"email": "invited@quid.example", "division": api.division(), "role": "member"}
    created = admin.post("/admin/invitations", json=body, headers=key)
    assert created.status_code == 201, created.get_json()
    code = created.get_json()["code"]
    stored = every_stored_value(app, "idempotency_records")
    assert any("invited@quid.example" in value for value in stored), "the answer is remembered"
    assert not any(code in value for value in stored)

    replay = admin.post("/admin/invitations", json=body, headers=key)
    assert_error(replay, 409, mentions="invite again")
    assert code not in replay.get_data(as_text=True)
    # The code shown the first time works.
    joined = api.post("/auth/register", json={"invitation": code, "password": PASSWORD, "display_name": "Invited"})
    assert joined.status_code == 201


# --- Login throttling --------------------------------------------------------------------
# server/auth/throttle.py: failures per account from one address (5 free) and per address
# across accounts (20 free), then a wait doubling from 1 s to 15 min; counted before the
# password check, which runs outside any transaction. server/auth/rate_limits.py: a
# Flask-Limiter ceiling on requests that hash a password, per address, in Redis if set.

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def log_in(api, email: str, password: str = PASSWORD, *, address: str):
    return api.client.post(
        f"{PREFIX}/auth/login", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def fail(api, email: str, *, address: str, times: int) -> list[int]:
    return [log_in(api, email, "a wrong guess", address=address).status_code for _ in range(times)]


def test_failures_from_one_address_make_that_account_wait_even_for_the_right_password(api, app):
    person = api.person()
    assert fail(api, person.email, address=ATTACKER, times=5) == [401] * 5
    refused = log_in(api, person.email, address=ATTACKER)
    assert_error(refused, 429, mentions="Too many failed sign-ins")
    assert refused.headers["Retry-After"] == "1"
    with api.clock_at(api.now() + timedelta(seconds=1)):
        assert log_in(api, person.email, address=ATTACKER).status_code == 200


def test_an_unknown_email_is_throttled_exactly_like_an_account(api):
    person = api.person()
    answers = {}
    for email in (person.email, "nobody-here@quid.example"):
        statuses = fail(api, email, address=ATTACKER, times=6)
        refused = log_in(api, email, address=ATTACKER)
        answers[email] = (statuses, refused.status_code, refused.get_json()["message"], refused.headers["Retry-After"])
    assert answers[person.email] == answers["nobody-here@quid.example"]
    assert answers[person.email][:2] == ([401] * 5 + [429], 429)


def test_the_wait_doubles_with_each_failure_up_to_the_longest(api, app):
    app.config["LOGIN_LONGEST_WAIT_SECONDS"] = 8
    person = api.person()
    moment = api.now()
    waits = []
    with api.clock_at(moment):
        fail(api, person.email, address=ATTACKER, times=5)
    for _ in range(6):
        with api.clock_at(moment):
            refused = log_in(api, person.email, "a wrong guess", address=ATTACKER)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        moment += timedelta(seconds=waits[-1])
        with api.clock_at(moment):
            assert log_in(api, person.email, "a wrong guess", address=ATTACKER).status_code == 401
    assert waits == [1, 2, 4, 8, 8, 8]


def test_an_attackers_failures_elsewhere_never_shut_out_the_person_or_an_admin(api):
    admin, person = api.admin(), api.person()
    for victim in (admin, person):
        statuses = fail(api, victim.email, address=ATTACKER, times=30)
        assert statuses.count(401) == 5 and statuses.count(429) == 25
    assert log_in(api, person.email, "my own typo", address=OWNER).status_code == 401
    assert log_in(api, person.email, address=OWNER).status_code == 200
    assert log_in(api, admin.email, address=OWNER).status_code == 200


def test_guessing_one_password_across_many_accounts_from_one_address_is_slowed(api):
    statuses = [
        log_in(api, f"someone{number}@quid.example", "Spring2026!", address=ATTACKER).status_code
        for number in range(21)
    ]
    assert statuses == [401] * 20 + [429]
    person = api.person()
    assert log_in(api, person.email, address=ATTACKER).status_code == 429, "the address waits, whoever it tries"
    assert log_in(api, person.email, address=OWNER).status_code == 200


def test_an_ipv6_client_counts_as_its_whole_64_network(api):
    person = api.person()
    statuses = [
        log_in(api, person.email, "a wrong guess", address=f"2001:db8:7:9::{number:x}").status_code
        for number in range(1, 7)
    ]
    assert statuses == [401] * 5 + [429], "changing the last 64 bits does not start afresh"
    assert log_in(api, person.email, address="2001:db8:7:a::1").status_code == 200


def test_the_right_password_clears_its_accounts_failures_but_not_its_addresses(api):
    person = api.person()
    assert fail(api, person.email, address=OWNER, times=4) == [401] * 4
    assert log_in(api, person.email, address=OWNER).status_code == 200
    assert fail(api, person.email, address=OWNER, times=5) == [401] * 5, "the account's count was cleared"

    # An attacker signing in to an account of their own does not clear their address's count.
    own = api.person()
    assert [
        log_in(api, f"target{number}@quid.example", "guess", address=ATTACKER).status_code for number in range(19)
    ] == [401] * 19
    assert log_in(api, own.email, address=ATTACKER).status_code == 200
    assert log_in(api, "target19@quid.example", "guess", address=ATTACKER).status_code == 401
    assert log_in(api, "target20@quid.example", "guess", address=ATTACKER).status_code == 429


def test_failures_are_forgotten_after_a_day_and_then_pruned(api):
    person = api.person()
    moment = api.now()
    with api.clock_at(moment):
        assert fail(api, person.email, address=ATTACKER, times=5) == [401] * 5
    with api.clock_at(moment + timedelta(days=1, seconds=1)):
        assert fail(api, person.email, address=ATTACKER, times=6) == [401] * 5 + [429]
    with api.clock_at(moment + timedelta(days=2, seconds=2)):
        assert "2 login throttles" in api.cli("prune"), "the attacker's two keys, a day old"
        assert fail(api, person.email, address=ATTACKER, times=5) == [401] * 5


def join_with_made_up_code(api, *, address: str):
    return api.client.post(
        f"{PREFIX}/auth/register",
        environ_base={"REMOTE_ADDR": address},
        json={"invitation": "made-up-code", "password": PASSWORD, "display_name": "Nobody"},
    )


def ask_to_sign_up(api, *, address: str):
    return api.client.post(
        f"{PREFIX}/auth/sign-up",
        environ_base={"REMOTE_ADDR": address},
        json={"email": f"new-{uuid.uuid4().hex[:6]}@quid.example", "password": PASSWORD, "display_name": "Newcomer"},
    )


def test_requests_that_hash_passwords_are_capped_per_address(api, app):
    app.config["PASSWORD_RATE_LIMIT"] = "4 per minute"
    app.config["ALLOWED_EMAIL_DOMAINS"] = ("quid.example",)
    person = api.person()
    # Failed joins and sign-ins count, and so does every sign-up; successful sign-ins do not.
    assert [join_with_made_up_code(api, address=ATTACKER).status_code for _ in range(2)] == [422, 422]
    assert log_in(api, person.email, address=ATTACKER).status_code == 200
    assert ask_to_sign_up(api, address=ATTACKER).status_code == 202
    assert log_in(api, person.email, "wrong", address=ATTACKER).status_code == 401
    refused = ask_to_sign_up(api, address=ATTACKER)
    assert_error(refused, 429, mentions="Too many sign-in requests")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert_error(join_with_made_up_code(api, address=ATTACKER), 429, mentions="Too many sign-in requests")
    assert join_with_made_up_code(api, address=OWNER).status_code == 422, "another address has its own count"


def test_a_sign_in_body_refused_before_any_hashing_does_not_count_against_the_limit(api, app):
    app.config["PASSWORD_RATE_LIMIT"] = "2 per minute"
    person = api.person()
    for body in ({"email": person.email}, {"email": person.email, "password": "a\x00b"}, {"password": "x"}):
        for _ in range(3):
            response = api.client.post(f"{PREFIX}/auth/login", json=body, environ_base={"REMOTE_ADDR": ATTACKER})
            assert_error(response, 422)
    assert log_in(api, person.email, "wrong", address=ATTACKER).status_code == 401
    assert log_in(api, person.email, "wrong again", address=ATTACKER).status_code == 401
    assert_error(log_in(api, person.email, "third", address=ATTACKER), 429, mentions="Too many sign-in requests")


@pytest.mark.parametrize(
    "setting, value, named",
    [
        ("PASSWORD_RATE_LIMIT", "lots", "QUID_PASSWORD_RATE_LIMIT"),
        ("LOGIN_FIRST_WAIT_SECONDS", 0, "QUID_LOGIN_FIRST_WAIT_SECONDS"),
        ("LOGIN_LONGEST_WAIT_SECONDS", 0.5, "QUID_LOGIN_LONGEST_WAIT_SECONDS"),
    ],
)
def test_the_server_refuses_to_start_with_throttle_settings_that_cannot_work(setting, value, named):
    with pytest.raises(ConfigurationError, match=named):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", setting: value})


@pytest.fixture
def transactions_during_hashing(app, monkeypatch):
    """For every argon2 hash or verification the server runs, whether some connection held
    a transaction on the app's database at that moment (a SQLite write lock, or a PostgreSQL
    transaction), as seen from a connection of its own."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    seen = []

    def transaction_held() -> bool:
        if url.startswith("sqlite"):
            probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:  # database is locked
                return True
            finally:
                probe.close()
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as probe:
            return (
                probe.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
                ).fetchone()[0]
                > 0
            )

    for name in ("hash", "verify"):
        original = getattr(argon2.PasswordHasher, name)

        def observed(self, *arguments, _original=original, _name=name, **keywords):
            seen.append((_name, transaction_held()))
            return _original(self, *arguments, **keywords)

        monkeypatch.setattr(argon2.PasswordHasher, name, observed)
    return seen


def test_passwords_are_hashed_and_checked_with_no_transaction_open(api, app, transactions_during_hashing):
    app.config["ALLOWED_EMAIL_DOMAINS"] = ("quid.example",)
    code = api.invitation(email="joiner@quid.example")
    joined = api.post(
        "/auth/register",
        headers={"Idempotency-Key": str(uuid.uuid4())},
        json={"invitation": code, "password": PASSWORD, "display_name": "Joiner"},
    )
    assert joined.status_code == 201, joined.get_json()
    signed_up = api.post(
        "/auth/sign-up",
        headers={"Idempotency-Key": str(uuid.uuid4())},
        json={"email": "waiting@quid.example", "password": PASSWORD, "display_name": "Waiter"},
    )
    assert signed_up.status_code == 202
    assert log_in(api, "joiner@quid.example", address=OWNER).status_code == 200
    assert log_in(api, "joiner@quid.example", "wrong", address=OWNER).status_code == 401
    assert log_in(api, "nobody@quid.example", address=OWNER).status_code == 401
    assert log_in(api, "waiting@quid.example", address=OWNER).status_code == 403
    kinds = [kind for kind, _ in transactions_during_hashing]
    assert kinds.count("hash") >= 2 and kinds.count("verify") >= 4, kinds
    assert [held for _, held in transactions_during_hashing] == [False] * len(kinds)


def test_a_sign_up_the_server_would_refuse_costs_no_hash(api, app, transactions_during_hashing):
    assert_error(ask_to_sign_up(api, address=ATTACKER), 403, mentions="Self sign-up is off")
    app.config["ALLOWED_EMAIL_DOMAINS"] = ("firm.example",)
    assert_error(ask_to_sign_up(api, address=ATTACKER), 422, mentions="firm.example")
    assert transactions_during_hashing == []


# Real gunicorn workers on each backend, clients coming from their own addresses
# (X-Forwarded-For, trusted as from one proxy).

FREE_FAILURES = 5
SIMULTANEOUS_GUESSES = 20
ATTACKERS = 10
WRITERS = 2


PASSWORD_RATE_LIMIT = 20  # per minute: what one address may ask of the password views


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory):
    """gunicorn as deployed (deploy/gunicorn.conf.py), 4 workers of 2 threads sharing a
    real Redis for the rate limit, behind one trusted proxy."""
    url, cleanup, admin_code = migrated_database(request.param, tmp_path_factory.mktemp("served"))
    redis_server = start_redis()
    access_log = tmp_path_factory.mktemp("log") / "access.log"
    environment = {
        "DATABASE_URL": url,
        "REDIS_URL": redis_server.url,
        "QUID_SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        # The cost argon2 has on a modest server, so that a flood of sign-ins is real work.
        "QUID_PASSWORD_HASH_TIME_COST": "2",
        "QUID_PASSWORD_HASH_MEMORY_KIB": "19456",
        "QUID_INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "QUID_PROXY_COUNT": "1",
        "QUID_THREADS": "2",
        # Long enough that no wait runs out while simultaneous guesses are still arriving.
        "QUID_LOGIN_FIRST_WAIT_SECONDS": "600",
        "QUID_PASSWORD_RATE_LIMIT": f"{PASSWORD_RATE_LIMIT} per minute",
        # Which worker answered each request: its process id, first on the line.
        "QUID_ACCESS_LOG": str(access_log),
        "GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(U)s %(s)s'",
    }
    try:
        server = start_gunicorn(environment=environment, workers=4, config_file=GUNICORN_CONFIG)
    except BaseException:
        redis_server.stop()
        raise
    server.admin_headers = bearer(join(server, admin_code, "The Admin"))
    server.backend = request.param
    server.access_log = access_log
    yield server
    server.stop()
    redis_server.stop()
    cleanup()


def served_login(server, email: str, password: str, *, address: str) -> requests.Response:
    return requests.post(
        f"{server.base_url}{PREFIX}/auth/login",
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": address},
        timeout=60,
    )


def email_of(server, headers: dict) -> str:
    return requests.get(f"{server.base_url}{PREFIX}/me", headers=headers, timeout=10).json()["email"]


def test_simultaneous_guesses_let_at_most_the_free_failures_reach_the_password_check(served):
    victim = email_of(served, sign_up(served, "Victim"))
    with ThreadPoolExecutor(max_workers=SIMULTANEOUS_GUESSES) as pool:
        responses = list(
            pool.map(
                lambda number: served_login(served, victim, f"guess number {number}", address=ATTACKER),
                range(SIMULTANEOUS_GUESSES),
            )
        )
    statuses = sorted(response.status_code for response in responses)
    # A 401 is an answer from the password check; a 429 was refused before it.
    assert statuses == [401] * FREE_FAILURES + [429] * (SIMULTANEOUS_GUESSES - FREE_FAILURES), statuses
    assert served_login(served, victim, PASSWORD, address=OWNER).status_code == 200


def test_a_flood_of_failed_sign_ins_leaves_other_peoples_writes_working(served):
    writers = [sign_up(served, f"Writer {number}") for number in range(WRITERS)]
    victims = [email_of(served, headers) for headers in writers] + ["admin@quid.example", "nobody@quid.example"]
    flooding = threading.Event()
    flooding.set()
    writes = []

    def attack(number: int) -> list[int]:
        # Four accounts, five guesses each: every guess is inside the free failures, so all
        # of them make the server verify a password.
        address = f"10.66.0.{number + 1}"
        return [
            served_login(served, email, f"guess {guess}", address=address).status_code
            for email in victims
            for guess in range(FREE_FAILURES)
        ]

    def write(headers: dict) -> None:
        while flooding.is_set():
            response = requests.post(
                f"{served.base_url}{PREFIX}/posts",
                headers=headers,
                timeout=60,
                json={
                    "kind": "insight",
                    "title": f"Written during the flood {uuid.uuid4().hex[:8]}",
                    "body": "Still working.",
                    "audience": "firm",
                },
            )
            writes.append((response.status_code, response.text[:200]))

    with ThreadPoolExecutor(max_workers=ATTACKERS + WRITERS) as pool:
        writing = [pool.submit(write, headers) for headers in writers]
        attacks = [pool.submit(attack, number) for number in range(ATTACKERS)]
        sign_ins = [status for attacked in attacks for status in attacked.result()]
        flooding.clear()
        for writer in writing:
            writer.result()
    print(
        f"\n[{served.backend}] flood: {len(sign_ins)} failed sign-ins from {ATTACKERS} addresses, "
        f"{len(writes)} posts written meanwhile by {WRITERS} people"
    )
    assert sign_ins == [401] * (ATTACKERS * len(victims) * FREE_FAILURES), sorted(set(sign_ins))
    assert writes and [status for status, _ in writes] == [201] * len(writes), [
        text for status, text in writes if status != 201
    ]


def test_the_password_rate_limit_is_one_count_across_workers_with_redis(served):
    """Four workers sharing Redis refuse everything past the limit; with memory storage
    each worker would let the limit through again (here, all of them)."""
    requests_sent = 2 * PASSWORD_RATE_LIMIT

    def ask_to_join(number: int) -> requests.Response:
        # Every sign-up counts, taken atomically in Redis as the limit is checked.
        return requests.post(
            f"{served.base_url}{PREFIX}/auth/sign-up",
            headers={"X-Forwarded-For": "192.0.2.40"},
            timeout=30,
            json={"email": f"joiner{number}@quid.example", "password": PASSWORD, "display_name": "Joiner"},
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(ask_to_join, range(requests_sent)))
    statuses = sorted(response.status_code for response in responses)
    # Self sign-up is off on this server (403), but asking still counts.
    assert statuses == [403] * PASSWORD_RATE_LIMIT + [429] * PASSWORD_RATE_LIMIT, statuses
    refused = [response for response in responses if response.status_code == 429]
    assert all("Too many sign-in requests" in response.json()["message"] for response in refused)
    workers = {line.split()[0] for line in served.access_log.read_text().splitlines() if "/auth/sign-up" in line}
    assert len(workers) >= 2, f"the requests reached only worker(s) {workers}"
