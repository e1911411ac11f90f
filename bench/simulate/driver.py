"""Speaking to the real API in process: the app, its clock, its command line and signed-in people.

Everything goes through Flask's test client and the app's own `flask` commands, exactly as
the tests do (tests/support/http.py); nothing here knows a rule. A 4xx answer is an outcome
the simulation records; a 5xx (or an exception escaping a view) is a bug in the app and
stops the run.
"""

import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

PREFIX = "/api/v1"
PASSWORD = "simulated-firm-password"
SIMULATION_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "fair-game-simulation-secret-key-long-enough-for-hs256",
    # Cheap hashing: a run registers hundreds of people and signs some in again.
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_KIB": 1024,
    # Every figure must reflect every action at once.
}


class ServerBug(RuntimeError):
    """The app answered 5xx or raised: not an outcome, a bug to report."""


class Refused(RuntimeError):
    """The API refused (4xx) something the run cannot do without: joining, signing in again,
    or a read the measures rely on. Not a bug by itself, but the run cannot be judged."""


@dataclass
class Answer:
    """A response as the simulation needs it: status and JSON body."""

    status: int
    body: dict | list | None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Account:
    """A signed-in person (their tokens may be renewed by signing in again)."""

    email: str
    password: str
    user_id: int
    access_token: str


def build_app(directory: Path | None = None):
    """The real app on a fresh, migrated SQLite file in `directory` (a temporary one by
    default, kept for the process's lifetime). Returns (app, temporary directory or None)."""
    import flask_migrate

    from server import create_app
    from server.extensions import db

    holder = None
    if directory is None:
        holder = tempfile.TemporaryDirectory(prefix="quid-fair-game-")
        directory = Path(holder.name)
    app = create_app(
        {**SIMULATION_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(directory) / 'fair-game.sqlite3'}"}
    )
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return app, holder


class Driver:
    """The HTTP client, the command line and the frozen clock of one app.

    `outcomes` counts every answer by (action label, status) so the report can say how often
    the API refused what (a helpful vote below level 2 is a 403, an expected outcome)."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.runner = app.test_cli_runner()
        self.outcomes: Counter = Counter()
        self.seconds: Counter = Counter()  # time spent per action label, for tuning the run's length
        self.requests = 0
        self.now: datetime | None = None

    # The clock -----------------------------------------------------------------------

    def set_clock(self, moment: datetime) -> None:
        """Freeze the server's clock at `moment` (an aware UTC datetime); it never goes back."""
        if self.now is not None and moment < self.now:
            moment = self.now
        self.now = moment
        self.app.config["QUID_FROZEN_NOW"] = moment

    # The command line ----------------------------------------------------------------

    def cli(self, *args: str) -> str:
        """Run a `flask` command of the app at the frozen time; its output."""
        started = time.perf_counter()
        result = self.runner.invoke(args=list(args))
        self.seconds[f"cli {args[0]}"] += time.perf_counter() - started
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise ServerBug(f"flask {' '.join(args)} raised {result.exception!r}") from result.exception
        if result.exit_code != 0:
            raise ServerBug(f"flask {' '.join(args)} exited {result.exit_code}: {result.output}")
        self.outcomes[(f"cli {args[0]}", 0)] += 1
        return result.output

    def create_division(self, name: str) -> None:
        self.cli("create-division", name)

    def invite(self, email: str, *, division: str, role: str) -> str:
        """An invitation code, made the way an operator makes one."""
        output = self.cli("invite", email, "--division", division, "--role", role)
        match = re.search(r"Invitation code: (\S+)", output)
        if match is None:
            raise Refused(f"invite printed no code: {output}")
        return match.group(1)

    def sweep(self) -> str:
        """The trade clock (and whatever else the app's sweep settles), at the frozen time."""
        return self.cli("sweep")

    # People ----------------------------------------------------------------------------

    def join(self, *, email: str, display_name: str, division: str, role: str = "member") -> Account:
        """Invite and register a person; their signed-in account."""
        code = self.invite(email, division=division, role=role)
        answer = self.raw(
            "POST",
            "/auth/register",
            label="register",
            json={"invitation": code, "password": PASSWORD, "display_name": display_name},
        )
        if answer.status != 201:
            raise Refused(f"registering {email} answered {answer.status}: {answer.body}")
        return Account(
            email=email, password=PASSWORD, user_id=answer.body["user"]["id"], access_token=answer.body["access_token"]
        )

    def log_in(self, account: Account) -> None:
        answer = self.raw(
            "POST", "/auth/login", label="login", json={"email": account.email, "password": account.password}
        )
        if answer.status != 200:
            raise Refused(f"signing {account.email} in again answered {answer.status}: {answer.body}")
        account.access_token = answer.body["access_token"]

    # Requests ----------------------------------------------------------------------------

    def call(
        self, account: Account, method: str, path: str, *, label: str, json=None, query: dict | None = None
    ) -> Answer:
        """`method path` as `account`; signs in again once if the token has expired (tokens
        are judged by the real clock, which keeps running while the firm's is frozen)."""
        answer = self.raw(method, path, label=label, json=json, query=query, token=account.access_token)
        if answer.status == 401:
            self.log_in(account)
            answer = self.raw(method, path, label=label, json=json, query=query, token=account.access_token)
        return answer

    def raw(
        self, method: str, path: str, *, label: str, json=None, query: dict | None = None, token: str | None = None
    ) -> Answer:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.requests += 1
        started = time.perf_counter()
        try:
            response = self.client.open(PREFIX + path, method=method, json=json, query_string=query, headers=headers)
        except Exception as error:  # TESTING propagates a view's exception instead of a 500
            raise ServerBug(f"{method} {path} raised {error!r} (body {json!r})") from error
        finally:
            self.seconds[label] += time.perf_counter() - started
        body = response.get_json(silent=True)
        if response.status_code >= 500:
            raise ServerBug(f"{method} {path} answered {response.status_code}: {body} (body {json!r})")
        self.outcomes[(label, response.status_code)] += 1
        return Answer(response.status_code, body)

    def pages(self, account: Account, path: str, *, label: str, query: dict | None = None) -> list[dict]:
        """Every item of a paginated list (`items`, `next_cursor`)."""
        items, cursor = [], None
        while True:
            arguments = {"limit": 100, **(query or {})}
            if cursor:
                arguments["cursor"] = cursor
            answer = self.call(account, "GET", path, label=label, query=arguments)
            if answer.status != 200:
                raise Refused(f"GET {path} answered {answer.status}: {answer.body}")
            items.extend(answer.body["items"])
            cursor = answer.body.get("next_cursor")
            if not cursor:
                return items
