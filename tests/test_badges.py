"""Badges: awarded once, when their condition first holds, with a notification."""


def badges(person) -> list[str]:
    return [badge["slug"] for badge in person.get("/me").get_json()["badges"]]


def badge_notifications(person) -> list[str]:
    items = person.get("/notifications", query={"limit": 100}).get_json()["items"]
    return [item["data"]["badge"] for item in items if item["kind"] == "badge_earned"]


def test_first_insight_challenge_and_answer(api):
    person = api.person()
    other = api.person()
    person.post_item(kind="insight")
    person.post_item(kind="insight")
    assert badges(person) == ["first_insight"]
    person.post_item(kind="challenge")
    challenge = other.post_item(kind="challenge")
    person.answer(challenge["id"])
    person.answer(challenge["id"])
    assert badges(person) == ["first_insight", "first_challenge", "first_answer"]
    assert sorted(badge_notifications(person)) == ["first_answer", "first_challenge", "first_insight"]
    shown = other.get(f"/users/{person.id}").get_json()["badges"][0]
    assert shown["name"] == "First Insight" and shown["awarded_at"]


def test_useful_go_to_connector_and_rainmaker(api):
    author = api.person(division="Pre-Sales")
    insight = author.post_item()
    for number in range(25):
        user = api.person(division=["Field Sales North", "Field Sales South", "Product"][number % 3])
        user.post(f"/posts/{insight['id']}/uses", json={"note": "Used", "deal_influenced": number == 24})
        held = badges(author)
        if number == 1:
            assert "connector" not in held
        if number == 2:
            assert "connector" in held
        if number == 3:
            assert "useful" not in held
        if number == 4:
            assert "useful" in held
        if number == 23:
            assert "go_to" not in held and "rainmaker" not in held
    assert {"useful", "go_to", "connector", "rainmaker"} <= set(badges(author))
    assert sorted(badge_notifications(author)).count("useful") == 1
    # Worded for whoever reads it: "your" to the holder, "their" to everyone else (admins too).
    described = {badge["slug"]: badge["description"] for badge in author.get("/me").get_json()["badges"]}
    assert described["rainmaker"] == "A use of your contribution influenced a deal."
    for reader in (api.person(), api.admin()):
        shown = {
            badge["slug"]: badge["description"] for badge in reader.get(f"/users/{author.id}").get_json()["badges"]
        }
        assert shown["rainmaker"] == "A use of their contribution influenced a deal."
        assert not any("your" in description.lower().split() for description in shown.values())


def test_answers_accepted_on_ones_own_challenges_do_not_count(api):
    """No one earns from their own content: accepting one's own answer is no Problem Solver."""
    asker = api.person()
    for number in range(5):
        challenge = asker.post_item(kind="challenge", title=f"Own challenge number {number:02}")
        assert asker.post(f"/answers/{asker.answer(challenge['id'])['id']}/accept").status_code == 200
    assert "problem_solver" not in badges(asker) and "listener" not in badges(asker)
    # Answers others accept still count, the earlier ones of one's own do not.
    others = [api.person(division="Pre-Sales") for _ in range(5)]
    for number, other in enumerate(others[:4]):
        challenge = other.post_item(kind="challenge", title=f"Their challenge number {number:02}")
        other.post(f"/answers/{asker.answer(challenge['id'])['id']}/accept")
    assert "problem_solver" not in badges(asker)
    challenge = others[4].post_item(kind="challenge", title="Their challenge number 04")
    others[4].post(f"/answers/{asker.answer(challenge['id'])['id']}/accept")
    assert "problem_solver" in badges(asker)


def test_problem_solver_closer_and_listener(api):
    expert = api.person(division="Pre-Sales")
    askers = [api.person() for _ in range(25)]
    for number, asker in enumerate(askers):
        challenge = asker.post_item(kind="challenge", title=f"Challenge number {number:02}")
        answer = expert.answer(challenge["id"])
        asker.post(f"/answers/{answer['id']}/accept")
        if number == 3:
            assert "problem_solver" not in badges(expert)
        if number == 4:
            assert "problem_solver" in badges(expert)
        if number == 23:
            assert "closer" not in badges(expert)
    assert "closer" in badges(expert)
    # Un-accepting does not take a badge back: it was earned when the condition held.
    askers[-1].delete(f"/answers/{answer['id']}/accept")
    assert "closer" in badges(expert)
    # Listener: answers from five colleagues accepted on five of one's own challenges.
    listener = askers[0]
    for number, helper in enumerate([api.person(division="Product") for _ in range(4)], start=1):
        challenge = listener.post_item(kind="challenge", title=f"Another challenge {number:02}")
        listener.post(f"/answers/{helper.answer(challenge['id'])['id']}/accept")
        assert ("listener" in badges(listener)) == (number == 4)


def test_answers_accepted_by_the_same_asker_again_and_again_count_only_while_they_earn(api):
    """A capped (repeated) credit counts towards no badge: six answers accepted by one asker
    earn 15, 7, 3, 1, 0 and 0, so they make four accepted answers, not five."""
    asker, expert = api.person(), api.person(division="Pre-Sales")
    for number in range(6):
        challenge = asker.post_item(kind="challenge", title=f"Challenge number {number:02}")
        asker.post(f"/answers/{expert.answer(challenge['id'])['id']}/accept")
    assert expert.get("/me").get_json()["reputation"] == 15 + 7 + 3 + 1
    assert "problem_solver" not in badges(expert) and "listener" not in badges(asker)
    board = expert.get("/leaderboard", query={"metric": "accepted", "period": "all"}).get_json()
    assert board["me"]["score"] == 4
