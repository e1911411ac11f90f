"""The reputation ledger: every rule, multiplier, cap and reversal, through the API."""

from datetime import timedelta

from tests.support.assertions import assert_error


def reputation(person) -> int:
    return person.get("/me").get_json()["reputation"]


def history(person, of=None) -> list[dict]:
    return person.get(f"/users/{(of or person).id}/reputation", query={"limit": 100}).get_json()["items"]


def test_a_use_earns_ten_and_fifteen_across_divisions(api):
    author = api.person(division="Pre-Sales")
    colleague = api.person(division="Pre-Sales")
    outsider = api.person(division="Field Sales North")
    insight = author.post_item()
    colleague.post(f"/posts/{insight['id']}/uses", json={"note": "Same team"})
    assert reputation(author) == 10
    outsider.post(f"/posts/{insight['id']}/uses", json={"note": "Other team"})
    assert reputation(author) == 25
    entries = history(author)
    assert [(entry["points"], entry["cross_division"]) for entry in entries] == [(15, True), (10, False)]
    assert entries[0]["reason"].startswith(f"{outsider.user['display_name']} used your contribution")
    assert "×1.5" in entries[0]["reason"]
    assert entries[0]["post"] == {"id": insight["id"], "title": insight["title"]}
    # Using earns the user nothing.
    assert reputation(outsider) == 0 and reputation(colleague) == 0


def test_undoing_a_use_writes_a_reversing_entry(api):
    author = api.person(division="Pre-Sales")
    user = api.person()
    insight = author.post_item()
    user.post(f"/posts/{insight['id']}/uses", json={"note": "Used"})
    user.delete(f"/posts/{insight['id']}/uses")
    assert reputation(author) == 0
    entries = history(author)
    assert [entry["points"] for entry in entries] == [-15, 15]
    assert entries[0]["reverses_id"] == entries[1]["id"]
    assert entries[0]["reason"].startswith("Undone:")


def test_acceptance_earns_the_answerer_fifteen_and_the_asker_two(api):
    asker = api.person()
    first, second = api.person(division="Pre-Sales"), api.person(division="Product")
    challenge = asker.post_item(kind="challenge")
    answer_one, answer_two = first.answer(challenge["id"]), second.answer(challenge["id"])
    asker.post(f"/answers/{answer_one['id']}/accept")
    assert (reputation(first), reputation(asker)) == (15, 2)
    # Across divisions, yet not multiplied: only uses and promises kept on time are.
    for entry in (history(first)[0], history(asker)[0]):
        assert entry["cross_division"] and "×1.5" not in entry["reason"], entry["reason"]
    # Moving the acceptance moves the points; the asker keeps exactly +2.
    asker.post(f"/answers/{answer_two['id']}/accept")
    assert (reputation(first), reputation(second), reputation(asker)) == (0, 15, 2)
    asker.delete(f"/answers/{answer_two['id']}/accept")
    assert (reputation(first), reputation(second), reputation(asker)) == (0, 0, 0)


def test_nobody_earns_from_their_own_answer(api):
    asker = api.person()
    challenge = asker.post_item(kind="challenge")
    own = asker.answer(challenge["id"])
    assert asker.post(f"/answers/{own['id']}/accept").status_code == 200
    assert reputation(asker) == 0 and history(asker) == []


def test_helpful_votes_earn_two(api):
    author = api.person()
    voter = api.person(level=2)
    insight = author.post_item()
    voter.post(f"/posts/{insight['id']}/helpful")
    assert reputation(author) == 2
    voter.delete(f"/posts/{insight['id']}/helpful")
    assert reputation(author) == 0


def test_helpful_votes_give_at_most_200_points_a_day(api, app):
    from server.common.clock import utcnow

    with app.app_context():
        app.config["QUID_FROZEN_NOW"] = utcnow().replace(hour=9)
    author = api.person()
    posts = [author.post_item(title=f"Insight worth a vote {n}") for n in range(2)]
    voters = [api.person(role="admin", division=f"Voters {n % 3}") for n in range(102)]
    for voter in voters[:101]:
        assert voter.post(f"/posts/{posts[0]['id']}/helpful").status_code == 201
    assert reputation(author) == 200
    capped = history(author)[0]
    assert capped["points"] == 0 and capped["base_points"] == 2 and capped["cap_reason"] == "helpful_daily_cap"
    # Withdrawing the capped vote changes nothing; withdrawing a paid one frees room.
    voters[100].delete(f"/posts/{posts[0]['id']}/helpful")
    assert reputation(author) == 200
    voters[0].delete(f"/posts/{posts[0]['id']}/helpful")
    assert reputation(author) == 198
    voters[101].post(f"/posts/{posts[0]['id']}/helpful")
    assert reputation(author) == 200
    # A new day, a new allowance.
    app.config["QUID_FROZEN_NOW"] += timedelta(days=1)
    voters[0].post(f"/posts/{posts[1]['id']}/helpful")
    assert reputation(author) == 202


def test_credits_from_one_fan_lose_half_their_worth_each_time_and_the_serial_cap_still_holds(api, app):
    from server.common.clock import utcnow

    with app.app_context():
        start = utcnow()
    app.config["QUID_FROZEN_NOW"] = start
    author = api.person(division="Pre-Sales")
    fan = api.person(division="Field Sales North")
    insights = [author.post_item(title=f"Insight number {n:02}") for n in range(13)]
    for insight in insights[:11]:
        assert fan.post(f"/posts/{insight['id']}/uses", json={"note": "again"}).status_code == 201
    # 15, then 15 × 0.5 → 7, × 0.25 → 3, × 0.125 → 1, and nothing from the fifth on.
    assert reputation(author) == 15 + 7 + 3 + 1
    entries = history(author)
    latest, repeated = entries[0], entries[1]
    assert (latest["points"], latest["base_points"], latest["cap_reason"]) == (0, 15, "serial_credit")
    assert "capped" in latest["reason"]
    assert (repeated["points"], repeated["cap_reason"]) == (0, "repeated")
    assert "lose half their worth" in repeated["reason"]
    assert [entry["cap_reason"] for entry in entries[-4:]] == ["repeated", "repeated", "repeated", None]
    # Uses that earned nothing are not counted on the uses board either.
    board = author.get("/leaderboard", query={"metric": "uses", "period": "all"}).get_json()
    assert board["me"]["score"] == 4
    # Undoing a credit that earned nothing is exact (0).
    fan.delete(f"/posts/{insights[10]['id']}/uses")
    assert reputation(author) == 26
    # Once the 90-day window has moved on, the fan's credit is worth its full 15 again.
    app.config["QUID_FROZEN_NOW"] = start + timedelta(days=90, minutes=1)
    fan.post(f"/posts/{insights[12]['id']}/uses", json={"note": "next quarter"})
    assert reputation(author) == 26 + 15


def test_deleting_content_reverses_what_it_earned(api):
    author = api.person(division="Pre-Sales")
    asker = api.person()
    # Three colleagues, so that no credit is a repeat from the same person.
    user, voter, answer_user = (
        api.person(division="Product"),
        api.person(level=2, division="Product"),
        api.person(division="Product"),
    )
    insight = author.post_item()
    user.post(f"/posts/{insight['id']}/uses", json={"note": "Used"})
    voter.post(f"/posts/{insight['id']}/helpful")
    challenge = asker.post_item(kind="challenge")
    answer = author.answer(challenge["id"])
    asker.post(f"/answers/{answer['id']}/accept")
    answer_user.post(f"/answers/{answer['id']}/uses", json={"note": "Used the answer"})
    assert reputation(author) == 15 + 2 + 15 + 15
    author.delete(f"/posts/{insight['id']}")
    assert reputation(author) == 30
    author.delete(f"/answers/{answer['id']}")
    assert reputation(author) == 0 and reputation(asker) == 0


def test_deleting_a_challenge_takes_back_the_askers_acceptance_points_only(api):
    """The asker's +2 came from their challenge; the answer's +15 is the answerer's work."""
    asker, expert = api.person(), api.person(division="Pre-Sales")
    challenge = asker.post_item(kind="challenge")
    answer = expert.answer(challenge["id"])
    asker.post(f"/answers/{answer['id']}/accept")
    assert (reputation(asker), reputation(expert)) == (2, 15)
    assert asker.delete(f"/posts/{challenge['id']}").status_code == 204
    assert (reputation(asker), reputation(expert)) == (0, 15)
    undone, accepted = history(asker)
    assert undone["reverses_id"] == accepted["id"] and undone["points"] == -2
    assert undone["reason"].startswith("Undone:")


def test_recompute_rebuilds_the_same_figures(api):
    author = api.person(division="Pre-Sales")
    users = [api.person(division="Field Sales North") for _ in range(3)]
    insight = author.post_item()
    for user in users:
        user.post(f"/posts/{insight['id']}/uses", json={"note": "Used"})
    users[0].delete(f"/posts/{insight['id']}/uses")
    before = (reputation(author), author.get("/leaderboard", query={"period": "all"}).get_json())
    assert "rebuilt" in api.cli("recompute")
    after = (reputation(author), author.get("/leaderboard", query={"period": "all"}).get_json())
    assert before == after and before[0] == 30


def test_the_ledger_hides_posts_the_viewer_may_not_see(api):
    author = api.person(division="Pre-Sales")
    colleague = api.person(division="Pre-Sales")
    outsider = api.person(division="Product")
    secret = author.post_item(audience="division", title="Division-only insight")
    colleague.post(f"/posts/{secret['id']}/uses", json={"note": "Used"})
    assert history(colleague, of=author)[0]["post"]["title"] == "Division-only insight"
    # An entry about a post the outsider may not see is left out of what they see.
    assert history(outsider, of=author) == []
    assert_error(outsider.get("/users/9999/reputation"), 404)
