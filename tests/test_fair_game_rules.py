"""The fair-game rules (shared/fair_game.py, docs/fair-game.md), each against the attack it stops."""

from datetime import timedelta

from tests.support.assertions import assert_error
from tests.support.trades import sweep


def reputation(person) -> int:
    return person.get("/me").get_json()["reputation"]


def history(person) -> list[dict]:
    return person.get(f"/users/{person.id}/reputation", query={"limit": 100}).get_json()["items"]


def use(person, post) -> None:
    response = person.post(f"/posts/{post['id']}/uses", json={"note": "Used it with a customer"})
    assert response.status_code == 201, response.get_json()


def test_a_newcomers_credits_are_held_until_they_are_established_then_released(app, api):
    author = api.person()
    insight = author.post_item()
    started = api.now()
    with api.clock_at(started):
        newcomer = api.person(established=False)
        use(newcomer, insight)
    assert reputation(author) == 0
    held = history(author)[0]
    assert (held["points"], held["base_points"], held["cap_reason"]) == (0, 10, "held_newcomer")
    assert "held" in held["reason"] and "14 days" in held["reason"]
    board = author.get("/leaderboard", query={"metric": "uses", "period": "all"}).get_json()
    assert board["me"]["score"] == 0  # a held use is not counted yet
    # Two colleagues the newcomer never credited vouch for them by using their work…
    own = newcomer.post_item(title="What the newcomer knows")
    with api.clock_at(started):
        use(api.person(), own)
        use(api.person(), own)
    # …but the account is still new: nothing is released.
    with api.clock_at(started + timedelta(days=13)):
        assert sweep(api).endswith("; 0 newly established.")
    assert reputation(author) == 0
    with api.clock_at(started + timedelta(days=14, minutes=1)):
        assert sweep(api).endswith("; 1 newly established.")
        assert sweep(api).endswith("; 0 newly established.")
    assert reputation(author) == 10
    released, undone, _ = history(author)[:3]
    assert (released["points"], released["cap_reason"], undone["reverses_id"]) == (10, None, held["id"])
    assert author.get("/leaderboard", query={"metric": "uses", "period": "all"}).get_json()["me"]["score"] == 1
    # Undoing the use takes back what was released.
    assert newcomer.delete(f"/posts/{insight['id']}/uses").status_code == 204
    assert reputation(author) == 0
    before = {"reputation": reputation(author)}
    api.cli("recompute")
    assert {"reputation": reputation(author)} == before


def test_a_ring_that_only_credits_itself_earns_nothing(app, api):
    """Three colleagues who use and accept each other's work: each is credited only by people
    they credit, so nobody vouches for them and their credits stay held."""
    started = api.now()
    with api.clock_at(started - timedelta(days=60)):
        ring = [api.person(established=False, division="Marketing") for _ in range(3)]
        posts = {member.id: member.post_item(title=f"Ring insight by {member.id}") for member in ring}
    for day in range(20):
        with api.clock_at(started - timedelta(days=40 - day)):
            for giver in ring:
                for receiver in ring:
                    if giver is not receiver:
                        giver.delete(f"/posts/{posts[receiver.id]['id']}/uses")
                        use(giver, posts[receiver.id])
            sweep(api)
    assert [reputation(member) for member in ring] == [0, 0, 0]
    assert {entry["cap_reason"] for entry in history(ring[0]) if entry["reverses_id"] is None} == {"held_newcomer"}
    # One outsider is not enough; two colleagues the member never credited establish them
    # a week later, and what they gave is released at a quarter: it went to people who had
    # credited them.
    with api.clock_at(started - timedelta(days=15)):
        use(api.person(division="Product"), posts[ring[0].id])
    sweep(api)
    assert reputation(ring[1]) == 0
    with api.clock_at(started - timedelta(days=8)):
        use(api.person(division="Product"), posts[ring[0].id])
    sweep(api)
    assert reputation(ring[0]) == 15 + 15
    released = [entry for entry in history(ring[1]) if entry["reverses_id"] is None and entry["points"]]
    assert [(entry["points"], entry["cap_reason"]) for entry in released] == [(2, "mutual")]


def test_credits_two_colleagues_return_to_each_other_are_worth_a_quarter_both_ways(api):
    one, other = api.person(), api.person()
    insight = other.post_item()
    use(one, insight)
    assert reputation(other) == 10
    use(other, one.post_item())
    # Returned: worth a quarter; and the credit it returned is weighed again as mutual too,
    # so whoever credits first in a ring gains nothing by it.
    assert (reputation(other), reputation(one)) == (2, 2)
    returned = history(one)[0]
    assert (returned["cap_reason"], "worth a quarter" in returned["reason"]) == ("mutual", True)
    revalued, undone = history(other)[:2]
    assert (revalued["points"], revalued["cap_reason"], undone["points"]) == (2, "mutual", -10)
    # Undoing the first use takes back exactly what stands now.
    assert one.delete(f"/posts/{insight['id']}/uses").status_code == 204
    assert reputation(other) == 0
    assert other.get("/leaderboard", query={"metric": "uses", "period": "all"}).get_json()["me"]["score"] == 0


def test_toggling_a_use_on_and_off_notifies_the_author_once(api):
    author, user = api.person(), api.person()
    insight = author.post_item()
    for _ in range(20):
        use(user, insight)
        assert user.delete(f"/posts/{insight['id']}/uses").status_code == 204
    use(user, insight)
    notes = [
        item
        for item in author.get("/notifications", query={"limit": 100}).get_json()["items"]
        if item["kind"] == "contribution_used"
    ]
    assert len(notes) == 1 and notes[0]["actor"]["id"] == user.id
    assert reputation(author) == 10
    # Another colleague's use is news again.
    use(api.person(), insight)
    assert (
        sum(
            item["kind"] == "contribution_used"
            for item in author.get("/notifications", query={"limit": 100}).get_json()["items"]
        )
        == 2
    )


def test_level_four_needs_points_from_many_people_divisions_and_days(api):
    person = api.person(division="Pre-Sales")
    insight = person.post_item()
    for _ in range(20):  # 300 points from twenty colleagues of one division, all today
        use(api.person(division="Product"), insight)
    me = person.get("/me").get_json()
    assert me["reputation"] == 300
    assert me["level"]["number"] == 3 and me["level"]["next_at"] == 300
    assert me["level"]["next_breadth"] == {"people": 10, "divisions": 2, "days": 10}
    assert me["level"]["breadth"] == {"people": 20, "divisions": 1, "days": 1}
    assert_error(person.patch(f"/posts/{api.person().post_item()['id']}", json={"tags": []}), 403, mentions="level 4")
    started = api.now()
    for day in range(1, 10):  # one colleague of another division on each of nine more days
        with api.clock_at(started + timedelta(days=day)):
            use(api.person(division="Marketing"), insight)
    me = person.get("/me").get_json()
    assert me["level"]["number"] == 4 and me["level"]["breadth"] == {"people": 29, "divisions": 2, "days": 10}
    assert "You reached level 4: Trusted Advisor." in [
        item["message"] for item in person.get("/notifications", query={"limit": 100}).get_json()["items"]
    ]


def test_an_admin_vouches_for_a_colleague_and_their_held_credits_count(api):
    admin, author = api.admin(), api.person()
    newcomer = api.person(established=False)
    use(newcomer, author.post_item())
    assert reputation(author) == 0
    assert_error(
        admin.patch(f"/admin/users/{newcomer.id}", json={"established": False}), 422, mentions="cannot be taken back"
    )
    vouched = admin.patch(f"/admin/users/{newcomer.id}", json={"established": True})
    assert vouched.status_code == 200 and vouched.get_json()["established"] is True
    assert reputation(author) == 10
    audit = admin.get(
        "/admin/audit", query={"action": "person.vouched", "object_id": newcomer.id, "object_type": "person"}
    ).get_json()["items"]
    assert [entry["actor_id"] for entry in audit] == [admin.id]
    assert "already" in api.cli("vouch", newcomer.email)
