"""A real server's world for tests: a migrated database on either backend, its environment,
and people joining it over HTTP."""

import re
import uuid

import flask_migrate
import requests

from server import create_app
from server.extensions import db
from tests.conftest import TEST_CONFIG
from tests.support.http import PASSWORD


def served_environment(url: str, instance: str) -> dict[str, str]:
    """The server's settings: cheap hashing, one thread per worker, no access log."""
    return {
        "DATABASE_URL": url,
        "QUID_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "QUID_PASSWORD_HASH_TIME_COST": "1",
        "QUID_PASSWORD_HASH_MEMORY_KIB": "1024",
        "QUID_INSTANCE_PATH": instance,
        "QUID_ACCESS_LOG": "",
        "QUID_THREADS": "1",
        "FLASK_APP": "server",
    }


def migrated_database(backend: str, tmp_path) -> tuple[str, callable, str]:
    """A URL to a new, migrated database on `backend`, a function that removes it, and the
    invitation code of its first admin (made as an operator would, on the command line)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
        cleanup = lambda: None  # noqa: E731  (the temporary directory goes by itself)
    else:
        from tests.support.postgresql import start_cluster

        cluster = start_cluster()
        name = f"served_{uuid.uuid4().hex[:10]}"
        url = cluster.create_database(name)
        cleanup = lambda: cluster.drop_database(name)  # noqa: E731
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-division", "Field Sales North"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["invite", "admin@quid.example", "--division", "Field Sales North", "--role", "admin"])
    assert result.exit_code == 0, result.output
    admin_code = re.search(r"Invitation code: (\S+)", result.output).group(1)
    with app.app_context():
        db.engine.dispose()
    return url, cleanup, admin_code


def join(server, code: str, name: str) -> dict:
    """The session of someone joining with invitation `code`."""
    response = requests.post(
        f"{server.base_url}/api/v1/auth/register",
        timeout=10,
        json={"invitation": code, "password": PASSWORD, "display_name": name},
    )
    assert response.status_code == 201, response.text
    return response.json()


def bearer(session: dict) -> dict:
    return {"Authorization": f"Bearer {session['access_token']}"}


def sign_up(server, name: str) -> dict:
    """A new member, invited by the admin and vouched for (their credits count at once),
    signed in; their authorisation header."""
    division = requests.get(f"{server.base_url}/api/v1/divisions", timeout=10).json()["items"][0]["id"]
    invitation = requests.post(
        f"{server.base_url}/api/v1/admin/invitations",
        headers=server.admin_headers,
        timeout=10,
        json={"division": division, "email": f"{name.lower().replace(' ', '-')}-{uuid.uuid4().hex[:8]}@quid.example"},
    )
    assert invitation.status_code == 201, invitation.text
    session = join(server, invitation.json()["code"], name)
    vouched = requests.patch(
        f"{server.base_url}/api/v1/admin/users/{session['user']['id']}",
        headers=server.admin_headers,
        timeout=10,
        json={"established": True},
    )
    assert vouched.status_code == 200 and vouched.json()["established"] is True, vouched.text
    return bearer(session)
