"""The demo firm: loaded once by `seed-demo`, explorable by a new user."""

import re

from server.demo.loader import DEMO_PASSWORD
from tests.support.http import Person


def test_seed_demo_loads_once_and_people_can_explore(api):
    assert "Demo data loaded." in api.cli("seed-demo")
    assert "already present" in api.cli("seed-demo")

    logins = api.cli("demo-logins")
    emails = re.findall(r"\S+@quid\.example", logins)
    assert len(emails) >= 5
    assert DEMO_PASSWORD in logins
    roles = set(re.findall(r"@quid\.example\s+(member|leader|admin)", logins))
    assert roles == {"member", "leader", "admin"}

    response = api.login(emails[0], DEMO_PASSWORD)
    assert response.status_code == 200, response.get_json()
    person = Person(api.client, response.get_json(), DEMO_PASSWORD)

    assert len(api.get("/divisions").get_json()["items"]) == 5
    directory = person.get("/users", query={"limit": 100}).get_json()["items"]
    assert len(directory) == 30

    feed = person.get("/posts", query={"limit": 100}).get_json()["items"]
    kinds = {post["kind"] for post in feed}
    assert kinds == {"challenge", "insight"}
    statuses = {post["status"] for post in feed if post["kind"] == "challenge"}
    assert {"open", "answered", "solved"} <= statuses
    assert any(post["use_count"] > 0 for post in feed)
    assert any(post["helpful_count"] > 0 for post in feed)
    solved = next(post for post in feed if post["status"] == "solved")
    answers = person.get(f"/posts/{solved['id']}/answers").get_json()["items"]
    assert [answer["id"] for answer in answers if answer["accepted"]] == [solved["accepted_answer_id"]]
    # The history spreads over weeks, not one instant.
    assert len({post["created_at"][:10] for post in feed}) > 10
    tags = person.get("/tags").get_json()["items"]
    assert tags[0]["use_count"] > 1
