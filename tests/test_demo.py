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


def test_the_demo_firm_trades(api):
    api.cli("seed-demo")
    ana = Person(api.client, api.login("ana.lopez@quid.example", DEMO_PASSWORD).get_json(), DEMO_PASSWORD)
    trades = ana.get("/trades", query={"limit": 100}).get_json()["items"]
    assert {trade["state"] for trade in trades} == {"proposed", "accepted", "completed"}
    asked = ana.get("/trades", query={"role": "counterparty", "state": "proposed"}).get_json()["items"]
    assert len(asked) == 1 and asked[0]["proposer"]["display_name"] == "Fatima Zahra El Amrani"
    legs = [leg for trade in trades for leg in trade["legs"]]
    assert {"overdue", "delivered", "confirmed", "promised"} <= {leg["state"] for leg in legs}
    assert any(leg["kind"] == "lead" and leg["outcome"] == "won" for leg in legs)
    me = ana.get("/me").get_json()
    assert "good_trader" in {badge["slug"] for badge in me["badges"]} and me["trust"]["settled"] >= 1
    liam = next(person for person in ana.get("/users", query={"q": "Liam"}).get_json()["items"])
    assert ana.get(f"/users/{liam['id']}/trust").get_json()["broken"] == 1
    # Dwayne and Marco traded: each sees the other's circle-only draft.
    marco = Person(api.client, api.login("marco.rossi@quid.example", DEMO_PASSWORD).get_json(), DEMO_PASSWORD)
    titles = {post["title"] for post in marco.get("/posts", query={"limit": 100}).get_json()["items"]}
    assert "My notes on multi-year deals that held up in procurement" in titles
    assert "My notes on multi-year deals that held up in procurement" not in {
        post["title"] for post in ana.get("/posts", query={"limit": 100}).get_json()["items"]
    }
    board = ana.get("/leaderboard", query={"metric": "bridges", "period": "all"}).get_json()
    assert board["items"] and board["me"]["score"] >= 1


def test_the_demo_firm_has_an_admin_with_invitations_waiting(api):
    output = api.cli("seed-demo")
    email, code = re.search(r"invitation code (\S+) \((\S+);", output).group(2, 1)
    admin_login = re.search(r"(\S+@quid\.example)\s+admin", api.cli("demo-logins")).group(1)
    admin = Person(api.client, api.login(admin_login, DEMO_PASSWORD).get_json(), DEMO_PASSWORD)
    pending = admin.get("/admin/invitations", query={"state": "pending"}).get_json()["items"]
    assert {invitation["email"] for invitation in pending} == {"sam.okafor@quid.example", "lena.fischer@quid.example"}
    assert {entry["action"] for entry in admin.get("/admin/audit", query={"limit": 100}).get_json()["items"]} == {
        "division.created",
        "invitation.created",
    }
    joined = api.post(
        "/auth/register", json={"invitation": code, "password": "a password to try", "display_name": "Trying Quid"}
    )
    assert joined.status_code == 201 and joined.get_json()["user"]["email"] == email


def test_a_leader_exploring_the_demo_firm_sees_each_analytics_figure_mean_something(api):
    """A strong pair, one-way pairs, white space, a broker, an overloaded expert and takers."""
    api.cli("seed-demo")
    response = api.login("marta.kowalski@quid.example", DEMO_PASSWORD)
    leader = Person(api.client, response.get_json(), DEMO_PASSWORD)
    window = {"period": "all"}
    flows = leader.get("/analytics/flows", query=window).get_json()
    across = sorted((cell["total"] for cell in flows["cells"] if cell["cross_division"]), reverse=True)
    assert across[0] >= 2 * across[len(across) // 2], "one pair of divisions stands out"
    space = leader.get("/analytics/white-space", query=window).get_json()
    assert space["counts"]["none"] >= 1 and space["counts"]["one_way"] >= 1
    brokers = leader.get("/analytics/brokers", query=window).get_json()
    top = brokers["brokers"][0]
    assert top["divisions_reached"] >= 3 and top["betweenness"] > brokers["brokers"][-1]["betweenness"]
    assert brokers["overloaded_givers"] and brokers["takers"]
    promises = leader.get("/analytics/promises", query=window).get_json()
    assert promises["totals"]["kept_on_time"] and (promises["totals"]["overdue"] or promises["totals"]["broken"])
