"""Speaking to the API as people do: over HTTP, with bearer tokens.

Divisions and invitations are made through the app's own command line (`create-division`,
`invite`), the same way an operator sets up a firm; people join with their invitation.
"""

import contextlib
import itertools
import re
import uuid
from datetime import UTC, datetime, timedelta

PREFIX = "/api/v1"
PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


class Person:
    """A signed-in person; `get`, `post`, `patch`, `delete` call the API with their token."""

    def __init__(self, client, session: dict, password: str):
        self.client = client
        self.user = session["user"]
        self.id = self.user["id"]
        self.email = self.user["email"]
        self.password = password
        self.access_token = session["access_token"]
        self.refresh_token = session["refresh_token"]

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.access_token}"}

    def call(self, method: str, path: str, *, json=None, headers=None, query=None):
        return self.client.open(
            PREFIX + path, method=method, json=json, query_string=query, headers={**self.headers, **(headers or {})}
        )

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.call("POST", path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.call("PATCH", path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)

    def post_item(self, **fields) -> dict:
        """Create a post (an insight unless `kind` says otherwise) and return it."""
        body = {
            "kind": "insight",
            "title": f"Insight number {next(_numbers)}",
            "body": "What we learned at the customer.",
            "audience": "firm",
            **fields,
        }
        response = self.post("/posts", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def answer(self, post_id: int, body: str = "Here is how we solved it.") -> dict:
        response = self.post(f"/posts/{post_id}/answers", json={"body": body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()


class Api:
    """Entry point of the tests: anonymous calls, divisions and people."""

    def __init__(self, *, app, client, runner):
        self.app = app
        self.client = client
        self.runner = runner
        self._divisions = {}

    def get(self, path, **kwargs):
        return self.client.get(PREFIX + path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post(PREFIX + path, json=json, **kwargs)

    def cli(self, *args: str) -> str:
        result = self.runner.invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.output

    def division(self, name: str = "Field Sales North") -> int:
        """The id of the division called `name`, made on first use."""
        if name not in self._divisions:
            self.cli("create-division", name)
            listing = self.get("/divisions").get_json()["items"]
            self._divisions[name] = next(item["id"] for item in listing if item["name"] == name)
        return self._divisions[name]

    def invitation(self, *, email: str, division: str = "Field Sales North", role: str = "member") -> str:
        """An invitation code for `email` in `division` with `role`, made through the command line."""
        self.division(division)
        output = self.cli("invite", email, "--division", division, "--role", role)
        return re.search(r"Invitation code: (\S+)", output).group(1)

    def register(
        self,
        *,
        division: str = "Field Sales North",
        email: str | None = None,
        display_name: str | None = None,
        password: str = PASSWORD,
        role: str = "member",
    ):
        """The raw response of joining with a fresh invitation."""
        number = next(_numbers)
        email = email or f"person{number}-{uuid.uuid4().hex[:6]}@quid.example"
        code = self.invitation(email=email, division=division, role=role)
        return self.post(
            "/auth/register",
            json={"invitation": code, "password": password, "display_name": display_name or f"Person {number}"},
        )

    def person(
        self,
        *,
        division: str = "Field Sales North",
        role: str = "member",
        level: int = 1,
        established: bool = True,
        **fields,
    ) -> Person:
        """A new person, signed in, invited with `role` and raised to at least `level`.

        `established`: vouched for through the command line (`vouch`), as a firm does for its
        staff at launch, so the credits they give count at once; False for a newcomer whose
        credits are held (shared/fair_game.py)."""
        response = self.register(division=division, role=role, **fields)
        assert response.status_code == 201, response.get_json()
        person = Person(self.client, response.get_json(), fields.get("password", PASSWORD))
        if established:
            self.cli("vouch", person.email)
        if level > 1:
            self.raise_to_level(person, level)
        return person

    def admin(self) -> Person:
        """The firm's admin (made on first use), who may do what levels unlock."""
        if not hasattr(self, "_admin"):
            self._admin = self.person(division="Operations", role="admin", display_name="The Admin")
        return self._admin

    def tags(self, *names: str) -> None:
        """Make sure these tags exist (created by the admin, as a firm seeds its tags)."""
        for name in names:
            response = self.admin().post("/tags", json={"name": name})
            assert response.status_code in (201, 409), response.get_json()

    def raise_to_level(self, person: Person, level: int) -> None:
        """Earn `person` the reputation of `level` the honest way: colleagues in other
        divisions use one of their insights (15 points each), on as many days and from as
        many people and divisions as the level's breadth asks for (shared/fair_game.py)."""
        from shared.fair_game import Breadth, breadth_needed
        from shared.levels import LEVELS

        needed = LEVELS[level - 1].threshold - person.get("/me").get_json()["reputation"]
        if needed <= 0:
            return
        breadth = breadth_needed(level) or Breadth(people=1, divisions=1, days=1)
        helpers = max(-(-needed // 15), breadth.people, breadth.days)
        own = person.user["division"]["name"]
        divisions = [
            name for name in (f"Helpers {number}" for number in range(1, breadth.divisions + 2)) if name != own
        ][: breadth.divisions]
        started = self.now()
        with self.clock_at(started - timedelta(days=helpers)):
            insight = person.post_item(title="An insight that others will use")
        for number in range(helpers):
            # One colleague a day, the last one today.
            with self.clock_at(started - timedelta(days=helpers - 1 - number)):
                user = self.person(division=divisions[number % len(divisions)])
                response = user.post(f"/posts/{insight['id']}/uses", json={"note": "Useful"})
            assert response.status_code == 201, response.get_json()
        assert person.get("/me").get_json()["level"]["number"] >= level

    def now(self) -> datetime:
        """The server's clock: frozen by a test, or the real one."""
        return self.app.config.get("QUID_FROZEN_NOW") or datetime.now(UTC)

    @contextlib.contextmanager
    def clock_at(self, moment: datetime):
        """Run the server's clock at `moment` for a while (then as it was)."""
        saved = self.app.config.get("QUID_FROZEN_NOW")
        self.app.config["QUID_FROZEN_NOW"] = moment
        try:
            yield
        finally:
            if saved is None:
                self.app.config.pop("QUID_FROZEN_NOW", None)
            else:
                self.app.config["QUID_FROZEN_NOW"] = saved

    def login(self, email: str, password: str = PASSWORD):
        return self.post("/auth/login", json={"email": email, "password": password})
