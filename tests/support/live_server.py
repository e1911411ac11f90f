"""A real Quid API under gunicorn with the demo firm loaded, for the app's tests.

server = DemoServer(tmp_path)   # migrated, demo data loaded, not yet serving
server.start()                  # gunicorn on a loopback port (the same one after a stop)
server.stop()
"""

import os
import subprocess
import sys
from pathlib import Path

import requests

from server.demo.content import PEOPLE
from server.demo.loader import DEMO_PASSWORD
from tests.support.gunicorn import REPOSITORY_ROOT, free_loopback_port, start_gunicorn

# The demo firm's first admin, who invites the newcomers of a scenario.
DEMO_ADMIN = next(person["email"] for person in PEOPLE if person["role"] == "admin")
# Cheap password hashing and instant leaderboards, as in the in-process tests.
SERVER_ENVIRONMENT = {
    "QUID_SECRET_KEY": "app-test-secret-key-that-is-long-enough-for-hs256",
    "QUID_PASSWORD_HASH_TIME_COST": "1",
    "QUID_PASSWORD_HASH_MEMORY_KIB": "1024",
    "QUID_ACCESS_LOG": "",
    "FLASK_APP": "server",
}


class DemoServer:
    """A fresh SQLite database with the demo firm, served on one loopback port."""

    def __init__(self, directory: Path, **settings: str):
        """`settings` are extra environment variables, e.g. QUID_ACCESS_TOKEN_SECONDS="2"."""
        self.directory = directory
        self.port = free_loopback_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.environment = {
            **SERVER_ENVIRONMENT,
            "DATABASE_URL": f"sqlite:///{directory / 'quid.sqlite3'}",
            "QUID_INSTANCE_PATH": str(directory / "instance"),
            **settings,
        }
        self._gunicorn = None
        self.flask("db", "upgrade")
        self.flask("seed-demo")

    def flask(self, *arguments: str) -> str:
        """Run a `flask` command against this server's database; its output."""
        result = subprocess.run(
            [sys.executable, "-m", "flask", *arguments],
            cwd=REPOSITORY_ROOT,
            env=os.environ | self.environment,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self) -> "DemoServer":
        self._gunicorn = start_gunicorn(environment=self.environment, workers=2, port=self.port)
        return self

    def stop(self) -> None:
        if self._gunicorn is not None:
            self._gunicorn.stop()
            self._gunicorn = None

    def client(self, email: str, password: str) -> "ApiUser":
        """A person using the API directly (the other side of a scenario)."""
        return ApiUser(self.base_url, email, password)

    def join(
        self,
        *,
        email: str,
        display_name: str,
        division_id: int,
        password: str = DEMO_PASSWORD,
        established: bool = True,
    ) -> "ApiUser":
        """A new colleague, invited by the demo firm's admin, who joined and signed in; vouched
        for by the admin (their credits count at once) unless `established` is False."""
        admin = self.client(DEMO_ADMIN, DEMO_PASSWORD)
        invitation = admin.post("/admin/invitations", {"email": email, "division": division_id})
        response = requests.post(
            self.base_url + "/api/v1/auth/register",
            timeout=10,
            json={"invitation": invitation["code"], "password": password, "display_name": display_name},
        )
        response.raise_for_status()
        if established:
            admin.patch(f"/admin/users/{response.json()['user']['id']}", {"established": True})
        return self.client(email, password)


class ApiUser:
    """Plain HTTP calls as one signed-in person."""

    def __init__(self, base_url: str, email: str, password: str):
        self.base_url = base_url + "/api/v1"
        response = requests.post(self.base_url + "/auth/login", json={"email": email, "password": password}, timeout=10)
        response.raise_for_status()
        body = response.json()
        self.user = body["user"]
        self.id = self.user["id"]
        self._headers = {"Authorization": f"Bearer {body['access_token']}"}

    def get(self, path: str, **query):
        response = requests.get(self.base_url + path, params=query, headers=self._headers, timeout=10)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, json=None):
        response = requests.post(self.base_url + path, json=json, headers=self._headers, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def patch(self, path: str, json=None):
        response = requests.patch(self.base_url + path, json=json, headers=self._headers, timeout=10)
        response.raise_for_status()
        return response.json()
