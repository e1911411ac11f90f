"""Speaking to the API as people do: over HTTP, with bearer tokens.

Divisions and invitations are made through the app's own command line (`create-division`,
`invite`), the same way an operator sets up a firm; people join with their invitation.
"""

import itertools
import re
import uuid

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
        return self.client.open(PREFIX + path, method=method, json=json, query_string=query,
                                headers={**self.headers, **(headers or {})})

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
        body = {"kind": "insight", "title": f"Insight number {next(_numbers)}",
                "body": "What we learned at the customer.", "audience": "firm", **fields}
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

    def register(self, *, division: str = "Field Sales North", email: str | None = None,
                 display_name: str | None = None, password: str = PASSWORD, role: str = "member"):
        """The raw response of joining with a fresh invitation."""
        number = next(_numbers)
        email = email or f"person{number}-{uuid.uuid4().hex[:6]}@quid.example"
        code = self.invitation(email=email, division=division, role=role)
        return self.post("/auth/register", json={
            "invitation": code, "password": password, "display_name": display_name or f"Person {number}"})

    def person(self, *, division: str = "Field Sales North", role: str = "member", level: int = 1,
               **fields) -> Person:
        """A new person, signed in, invited with `role` and raised to at least `level`."""
        response = self.register(division=division, role=role, **fields)
        assert response.status_code == 201, response.get_json()
        person = Person(self.client, response.get_json(), fields.get("password", PASSWORD))
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
        """Earn `person` the reputation of `level` the honest way: colleagues in another
        division use one of their insights (15 points each)."""
        from shared.levels import LEVELS

        needed = LEVELS[level - 1].threshold - person.get("/me").get_json()["reputation"]
        if needed <= 0:
            return
        insight = person.post_item(title="An insight that others will use")
        helper_division = "Helpers" if person.user["division"]["name"] != "Helpers" else "Other Helpers"
        for _ in range(-(-needed // 15)):
            user = self.person(division=helper_division)
            response = user.post(f"/posts/{insight['id']}/uses", json={"note": "Useful"})
            assert response.status_code == 201, response.get_json()
        assert person.get("/me").get_json()["level"]["number"] >= level

    def login(self, email: str, password: str = PASSWORD):
        return self.post("/auth/login", json={"email": email, "password": password})
