"""Fixtures: one app per database backend, a freshly migrated database for every test.

The schema comes only from the Alembic migrations: each backend migrates a template once
per test process, and every test starts from a copy of it (SQLite) or from the template
truncated back to empty (PostgreSQL). One PostgreSQL cluster serves the whole run: the
first process starts it and hands its address to pytest-xdist's workers.
"""

import os
import shutil
import uuid
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import text

from server import create_app
from server.extensions import db, limiter
from tests.support.http import Api

BACKENDS = [
    name.strip() for name in os.environ.get("QUID_TEST_BACKENDS", "sqlite,postgresql").split(",") if name.strip()
]
CLUSTER_URL_VARIABLE = "QUID_TEST_POSTGRES_URL"
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
    # Cheap hashing: the suite registers hundreds of people.
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_KIB": 1024,
    # Leaderboards must reflect each action at once in assertions.
}

_cluster = None


def pytest_configure(config):
    """Start the run's PostgreSQL cluster in the first process (not in xdist workers)."""
    global _cluster
    if "postgresql" not in BACKENDS or hasattr(config, "workerinput"):
        return
    if os.environ.get(CLUSTER_URL_VARIABLE):
        return
    from tests.support.postgresql import start_cluster

    _cluster = start_cluster()
    # Workers inherit the environment and reuse this cluster instead of starting their own.
    os.environ[CLUSTER_URL_VARIABLE] = _cluster.url


def pytest_unconfigure(config):
    global _cluster
    if _cluster is not None:
        _cluster.stop()
        os.environ.pop(CLUSTER_URL_VARIABLE, None)
        _cluster = None


def worker_name() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def migrate(app) -> None:
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


class SqliteBackend:
    """A template file migrated once; each test gets a copy."""

    name = "sqlite"

    def __init__(self, directory: Path):
        self.directory = directory
        self.template = directory / "template.sqlite3"
        self.database = directory / "test.sqlite3"
        self.url = f"sqlite:///{self.database}"
        template_app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.template}"})
        migrate(template_app)

    def reset(self, app) -> None:
        with app.app_context():
            db.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.database)

    def close(self) -> None:
        pass


class PostgresBackend:
    """A database migrated once per process; each test truncates it back to empty."""

    name = "postgresql"

    def __init__(self):
        from tests.support.postgresql import start_cluster

        self.cluster = start_cluster()  # reuses the run's cluster through the environment
        self.database_name = f"quid_{worker_name()}_{uuid.uuid4().hex[:8]}"
        self.url = self.cluster.create_database(self.database_name)
        self.tables = None

    def prepare(self, app) -> None:
        migrate(app)
        with app.app_context():
            names = [table.name for table in db.metadata.sorted_tables]
        self.tables = ", ".join(f'"{name}"' for name in names)

    def reset(self, app) -> None:
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {self.tables} RESTART IDENTITY CASCADE"))

    def close(self) -> None:
        self.cluster.drop_database(self.database_name)


@pytest.fixture(scope="session")
def backends(tmp_path_factory):
    """Backends prepared lazily, one per kind, for the whole process."""
    prepared = {}
    yield prepared
    for backend, app in prepared.values():
        with app.app_context():
            db.engine.dispose()
        backend.close()


def prepared_backend(name, backends, tmp_path_factory):
    if name not in backends:
        if name == "sqlite":
            backend = SqliteBackend(tmp_path_factory.mktemp("sqlite"))
            app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": backend.url})
        else:
            backend = PostgresBackend()
            app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": backend.url})
            backend.prepare(app)
        backends[name] = (backend, app)
    return backends[name]


def pytest_generate_tests(metafunc):
    """Run every test that uses the app on each backend (SQLite-only tests on SQLite,
    PostgreSQL-only ones on PostgreSQL)."""
    if "app" in metafunc.fixturenames:
        wanted = BACKENDS
        for marker, backend in (("sqlite_only", "sqlite"), ("postgresql_only", "postgresql")):
            if metafunc.definition.get_closest_marker(marker):
                wanted = [backend]
        metafunc.parametrize("app", [name for name in BACKENDS if name in wanted], indirect=True)


@pytest.fixture
def app(request, backends, tmp_path_factory):
    """The app on a freshly migrated, empty database; config changes are undone afterwards."""
    backend, application = prepared_backend(request.param, backends, tmp_path_factory)
    backend.reset(application)
    with application.app_context():
        limiter.reset()  # the rate limits count in memory, across the tests of a process
    # Each test's photos in a directory of its own, never in the repository's instance folder.
    application.config["ATTACHMENT_DIRECTORY"] = str(tmp_path_factory.mktemp("attachments"))
    saved_config = dict(application.config)
    yield application
    application.config.clear()
    application.config.update(saved_config)
    with application.app_context():
        db.session.remove()


@pytest.fixture
def fresh_database(app, backends):
    """A function that empties the database again (for property tests' examples)."""
    name = "sqlite" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else "postgresql"
    backend, _ = backends[name]
    return lambda: backend.reset(app)


@pytest.fixture
def backend_name(app):
    return "sqlite" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else "postgresql"


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def api(app, client, runner):
    """The HTTP API with helpers to make divisions and people (see tests/support/http.py)."""
    return Api(app=app, client=client, runner=runner)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real API under gunicorn with the demo firm, for one app test module."""
    from tests.support.live_server import DemoServer

    demo = DemoServer(tmp_path_factory.mktemp("server")).start()
    yield demo
    demo.stop()


@pytest.fixture
def phone(server, tmp_path):
    """A fresh installation of the app against `server` (import tests.support.app_driver first)."""
    from tests.support.app_driver import Phone

    device = Phone(server.base_url, tmp_path / "phone")
    yield device
    device.close()
