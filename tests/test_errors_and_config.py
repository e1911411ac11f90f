"""One error shape everywhere; configuration from the environment; SQLite set-up."""

import time
from contextlib import contextmanager

import flask_migrate
import pytest
from sqlalchemy import text

from server import create_app
from server.config import ConfigurationError, database_url_from
from server.extensions import db
from tests.conftest import TEST_CONFIG
from tests.support.assertions import assert_error
from tests.support.http import Api


def test_unknown_routes_and_methods_use_the_error_shape(api):
    assert_error(api.get("/nothing-here"), 404)
    assert_error(api.client.put("/api/v1/posts"), 405)
    assert_error(api.client.get("/api/v1/posts/not-a-number"), 404)


def test_a_405_names_the_methods_the_path_answers_in_allow(api):
    """Our error handler used to drop werkzeug's `Allow` header (RFC 9110 requires it on 405;
    schemathesis checks it)."""
    response = api.client.put("/api/v1/posts")
    assert_error(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert "PUT" not in response.headers["Allow"]


def test_divisions_are_public_for_the_sign_up_screen(api):
    api.division("Pre-Sales")
    api.division("Field Sales North")
    body = api.get("/divisions").get_json()
    assert [item["name"] for item in body["items"]] == ["Field Sales North", "Pre-Sales"]
    assert body["next_cursor"] is None


def test_production_refuses_to_start_without_a_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("QUID_SECRET_KEY", raising=False)
    monkeypatch.setenv("QUID_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError, match="QUID_SECRET_KEY"):
        create_app({"QUID_ENV": "production"})
    monkeypatch.setenv("QUID_SECRET_KEY", "a-real-secret-from-the-environment-of-production")
    assert create_app({"QUID_ENV": "production"}).config["SECRET_KEY"].startswith("a-real-secret")


def test_development_generates_a_secret_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("QUID_SECRET_KEY", raising=False)
    monkeypatch.setenv("QUID_INSTANCE_PATH", str(tmp_path))
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 48
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_database_url_selection(tmp_path):
    assert database_url_from(None, str(tmp_path)) == f"sqlite:///{tmp_path}/quid.sqlite3"
    assert database_url_from("postgres://u:p@h/db", "x") == "postgresql+psycopg://u:p@h/db"
    assert database_url_from("postgresql://u@h/db", "x") == "postgresql+psycopg://u@h/db"
    assert database_url_from("postgresql+psycopg://u@h/db", "x") == "postgresql+psycopg://u@h/db"


# The connections of `one_connection_app` carry this
# name, so that they can be told from the test app's own, whose pool an earlier test may
# have grown and whose connections take turns.
ONE_CONNECTION_APP_NAME = "quid-one-connection-app"


@contextmanager
def one_connection_app(app, **config):
    """Another app on the test's database whose pool holds a single connection, closed after."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql"):
        url += ("&" if "?" in url else "?") + f"application_name={ONE_CONNECTION_APP_NAME}"
    application = create_app(
        {
            **app.config,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0},
            **config,
        }
    )
    try:
        yield application
    finally:
        with application.app_context():
            db.engine.dispose()


def drop_the_pooled_connection(app, application) -> None:
    """End the server process behind `application`'s one pooled connection, as a database
    restart or a firewall would."""
    with application.app_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        db.session.remove()
    with app.app_context():
        assert db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        db.session.commit()


@pytest.mark.postgresql_only
def test_a_connection_that_died_while_idle_is_replaced_before_use(app, api):
    person = api.person()
    with one_connection_app(app, DATABASE_PING_AFTER_IDLE_SECONDS=0) as application:
        client = application.test_client()
        assert client.get("/api/v1/me", headers=person.headers).status_code == 200
        drop_the_pooled_connection(app, application)
        response = client.get("/api/v1/me", headers=person.headers)
        assert response.status_code == 200 and response.get_json()["id"] == person.id


def test_an_in_memory_sqlite_database_checks_tokens_through_the_request(tmp_path):
    """An in-memory database exists only inside its one connection: every check of a token
    must go through it."""
    application = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with application.app_context():
        flask_migrate.upgrade()
    memory = Api(app=application, client=application.test_client(), runner=application.test_cli_runner())
    person = memory.person()
    assert person.get("/me").get_json()["id"] == person.id
    assert memory.post("/auth/logout", headers=person.headers).status_code == 204
    assert_error(person.get("/me"), 401, mentions="revoked")


@pytest.mark.postgresql_only
def test_a_connection_in_use_moments_ago_is_not_pinged(app, api):
    """The price of not pinging busy connections: one that died since its last use fails
    one request in the one error shape, and the pool replaces it for the next."""
    person = api.person()
    with one_connection_app(app, DATABASE_PING_AFTER_IDLE_SECONDS=3600) as application:
        client = application.test_client()
        assert client.get("/api/v1/me", headers=person.headers).status_code == 200
        drop_the_pooled_connection(app, application)
        assert_error(client.get("/api/v1/me", headers=person.headers), 500)
        assert client.get("/api/v1/me", headers=person.headers).status_code == 200


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@pytest.mark.sqlite_only
def test_sqlite_write_requests_take_the_write_lock_at_begin(app, api):
    """A POST's transaction is BEGIN IMMEDIATE: while another connection holds the write
    lock, the request waits for it (busy timeout) rather than failing mid-transaction."""
    import sqlite3
    import threading

    person = api.person()
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    results = {}

    def write():
        results["response"] = person.post(
            "/posts", json={"kind": "insight", "title": "Written while locked", "body": "b"}
        )

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.5)
    # Still waiting for the lock: nothing answered yet.
    assert "response" not in results
    # The other writer changes the database: a deferred transaction that had already read
    # would now fail with "database is locked" when it tried to write.
    blocker.execute("INSERT INTO divisions (slug, name) VALUES ('locker', 'Locker')")
    blocker.execute("COMMIT")
    blocker.close()
    writer.join(timeout=20)
    assert results["response"].status_code == 201


@pytest.mark.sqlite_only
def test_sqlite_read_requests_do_not_wait_for_the_write_lock(app, api):
    """A GET's transaction is a deferred BEGIN: it reads while another connection holds the
    write lock, and sees that connection's work only once committed."""
    import sqlite3

    person = api.person()
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        blocker.execute("UPDATE users SET display_name = 'Renamed while locked' WHERE id = ?", (person.id,))
        started = time.monotonic()
        response = person.get("/me")
        assert response.status_code == 200 and time.monotonic() - started < 2
        assert response.get_json()["display_name"] != "Renamed while locked"
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert person.get("/me").get_json()["display_name"] == "Renamed while locked"


def test_the_models_and_the_migrations_agree(runner):
    """A model changed without a migration would make `flask db check` fail."""
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_a_read_request_writes_only_after_declaring_it(app):
    """A GET that writes must say so first (`intend_to_write`), so that its unit of work is
    a transaction; one that does not is stopped before the write reaches the database."""
    from server.database import intend_to_write
    from server.divisions.models import Division

    application = create_app({**app.config})

    @application.get("/writes-undeclared")
    def writes_undeclared():
        db.session.add(Division(slug="undeclared", name="Undeclared"))
        db.session.flush()
        return {}

    @application.get("/writes-declared")
    def writes_declared():
        intend_to_write()
        db.session.add(Division(slug="declared", name="Declared"))
        db.session.flush()
        return {}

    client = application.test_client()
    # A programming error: the one error shape with a 500, and nothing written.
    assert_error(client.get("/writes-undeclared"), 500)
    assert client.get("/writes-declared").status_code == 200
    with application.app_context():
        slugs = set(db.session.execute(text("SELECT slug FROM divisions")).scalars())
        db.engine.dispose()
    assert "declared" in slugs and "undeclared" not in slugs


@pytest.mark.postgresql_only
def test_postgresql_reads_run_outside_a_transaction_and_writes_inside_one(app):
    """Read requests skip BEGIN and COMMIT (READ COMMITTED gives each statement its own
    snapshot either way); the connection goes back to the pool ready for transactions."""

    def transaction_status(application, method: str):
        with application.test_request_context("/", method=method):
            db.session.execute(text("SELECT 1"))
            driver = db.session.connection().connection.driver_connection
            status = driver.autocommit, driver.info.transaction_status.name
            db.session.commit()
            db.session.remove()
            return status

    with one_connection_app(app) as application:
        assert transaction_status(application, "GET") == (True, "IDLE")
        # The same (only) connection, back from the pool: a write request's statements run
        # in a transaction again.
        assert transaction_status(application, "POST") == (False, "INTRANS")
        assert transaction_status(application, "GET") == (True, "IDLE")
