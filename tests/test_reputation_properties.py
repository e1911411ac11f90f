"""Property: whatever people do and undo, the incremental figures equal a rebuild from the
ledger, and every undo returns each person's reputation exactly to where it was."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.http import Api

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["use", "vote", "accept"]),
        st.integers(min_value=0, max_value=3),   # who acts
        st.integers(min_value=0, max_value=3),   # which contribution
        st.booleans(),                            # undo it straight away?
    ),
    min_size=1, max_size=12,
)


def snapshot(people, periods=("week", "all")):
    """Everyone's reputation, and the leaderboards of every metric for the given periods."""
    reputations = {person.id: person.get("/me").get_json()["reputation"] for person in people}
    boards = {}
    for metric in ("reputation", "uses", "accepted"):
        for period in periods:
            body = people[0].get("/leaderboard", query={"metric": metric, "period": period, "limit": 100}).get_json()
            boards[metric, period] = [(item["rank"], item["user"]["id"], item["score"]) for item in body["items"]]
    return reputations, boards


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_incremental_figures_equal_the_rebuild_and_undos_are_exact(app, client, runner, fresh_database, actions):
    fresh_database()
    api = Api(app=app, client=client, runner=runner)
    people = [api.person(division=division, role="admin") for division in ("North", "North", "South", "Product")]
    authors = [people[0], people[1], people[2], people[3]]
    insights = [author.post_item() for author in authors[:2]]
    challenges = [authors[3].post_item(kind="challenge"), authors[0].post_item(kind="challenge")]
    answers = [authors[1].answer(challenges[0]["id"]), authors[2].answer(challenges[1]["id"])]
    contributions = [f"/posts/{insights[0]['id']}", f"/posts/{insights[1]['id']}",
                     f"/answers/{answers[0]['id']}", f"/answers/{answers[1]['id']}"]
    askers = {answers[0]["id"]: authors[3], answers[1]["id"]: authors[0]}

    for action, who, which, undo_now in actions:
        before = snapshot(people)[0]
        if action == "accept":
            answer = answers[which % 2]
            actor = askers[answer["id"]]
            done = actor.post(f"/answers/{answer['id']}/accept").status_code == 200
            undo = lambda: actor.delete(f"/answers/{answer['id']}/accept")  # noqa: E731
        else:
            actor, path = people[who], contributions[which] + ("/uses" if action == "use" else "/helpful")
            body = {"note": "Used it"} if action == "use" else None
            done = actor.post(path, json=body).status_code == 201
            undo = lambda: actor.delete(path)  # noqa: E731
        if done and undo_now:
            assert undo().status_code == 204
            assert snapshot(people)[0] == before

    every_period = ("week", "month", "quarter", "year", "all")
    incremental = snapshot(people, every_period)
    api.cli("recompute")
    assert snapshot(people, every_period) == incremental
