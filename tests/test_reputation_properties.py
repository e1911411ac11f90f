"""Property: whatever people do and undo, in whatever order and over whatever days, the
incremental figures equal a rebuild from the ledger, and every undo takes back exactly
what its action's credit stands at — straight away or after other entries, caps included,
and after a returned credit has re-weighed it (shared/fair_game.py)."""

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from server.extensions import db
from tests.support.http import Api

# Late on a Sunday at the end of a year: the clock's steps cross a day, a week, a month, a
# quarter and a year, so every entry's day and every period total is put to the test.
START = datetime(2026, 12, 27, 20, 0, tzinfo=UTC)
INSIGHTS_OF_THE_FIRST = 6  # one person using and voting on all of them passes the serial-credit limit
METRICS = ("reputation", "uses", "accepted", "trades", "bridges")
PERIODS = ("week", "month", "quarter", "year", "all")

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["use", "vote"]), st.integers(0, 3), st.integers(0, INSIGHTS_OF_THE_FIRST + 2)),
        st.tuples(st.just("accept"), st.just(0), st.integers(0, 1)),
        st.tuples(st.just("burst"), st.integers(1, 3), st.just(0)),  # every insight of the first, used and voted
        st.tuples(st.just("undo"), st.just(0), st.integers(0, 50)),  # any earlier action still standing
        st.tuples(st.just("delete"), st.just(0), st.integers(0, INSIGHTS_OF_THE_FIRST + 2)),
        st.tuples(st.just("wait"), st.just(0), st.integers(1, 30)),  # hours
    ),
    min_size=1,
    max_size=30,
)


def reputations(people) -> dict[int, int]:
    return {person.id: person.get("/me").get_json()["reputation"] for person in people}


def boards(viewer) -> dict:
    """Every metric's leaderboard for every period."""
    figures = {}
    for metric in METRICS:
        for period in PERIODS:
            body = viewer.get("/leaderboard", query={"metric": metric, "period": period, "limit": 100}).get_json()
            figures[metric, period] = [(item["rank"], item["user"]["id"], item["score"]) for item in body["items"]]
    return figures


def kept_figures(app) -> dict:
    """The materialised figures themselves: reputations, daily scores and period totals."""
    queries = {
        "reputation": "SELECT id, reputation FROM users ORDER BY id",
        "daily": "SELECT user_id, day, metric, value FROM daily_scores WHERE value <> 0 ORDER BY 1, 2, 3",
        "periods": "SELECT user_id, metric, period, starts_on, value FROM period_scores WHERE value <> 0 "
        "ORDER BY 1, 2, 3, 4",
    }
    with app.app_context():
        figures = {name: [tuple(row) for row in db.session.execute(text(query))] for name, query in queries.items()}
        db.session.remove()
    return figures


def live_points(person, *, actor_id: int, event: str, post_id: int) -> int:
    """What the credits of `event` from `actor_id` on post `post_id` stand at in `person`'s
    ledger now: its entries that are neither reversals nor reversed."""
    entries, cursor = [], None
    while True:
        body = person.get(
            f"/users/{person.id}/reputation", query={"limit": 100, **({"cursor": cursor} if cursor else {})}
        ).get_json()
        entries += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    reversed_ids = {entry["reverses_id"] for entry in entries if entry["reverses_id"]}
    return sum(
        entry["points"]
        for entry in entries
        if entry["reverses_id"] is None
        and entry["id"] not in reversed_ids
        and entry["actor"]
        and entry["actor"]["id"] == actor_id
        and entry["event"] == event
        and entry["post"]
        and entry["post"]["id"] == post_id
    )


def difference(before: dict[int, int], after: dict[int, int]) -> dict[int, int]:
    return {person: after[person] - before[person] for person in before}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
# Found on PostgreSQL: an accepted answer returned the answerer's uses of the asker's work,
# which re-weighed them; undoing one must take back what it stands at, not what it first earned.
@example(
    actions=[
        ("accept", 0, 0),
        ("burst", 2, 0),
        ("accept", 0, 0),
        ("accept", 0, 1),
        ("accept", 0, 0),
        ("accept", 0, 0),
        ("undo", 0, 45),
        ("delete", 0, 5),
        ("wait", 0, 6),
        ("delete", 0, 8),
        ("undo", 0, 1),
        ("burst", 3, 0),
    ]
)
def test_incremental_figures_equal_the_rebuild_and_undos_are_exact(app, client, runner, fresh_database, actions):
    fresh_database()
    now = START
    app.config["QUID_FROZEN_NOW"] = now
    api = Api(app=app, client=client, runner=runner)
    # Admins hold every privilege (helpful votes need level 2); two share a division.
    people = [api.person(division=division, role="admin") for division in ("North", "North", "South", "Product")]
    insights = [
        people[0].post_item(title=f"Insight of the first, number {number}") for number in range(INSIGHTS_OF_THE_FIRST)
    ] + [people[1].post_item()]
    challenges = [people[3].post_item(kind="challenge"), people[0].post_item(kind="challenge")]
    answers = [people[1].answer(challenges[0]["id"]), people[2].answer(challenges[1]["id"])]
    contributions = [f"/posts/{insight['id']}" for insight in insights] + [
        f"/answers/{answer['id']}" for answer in answers
    ]
    # The post each contribution's credits name in the ledger (an answer's: its challenge).
    posts_of = [insight["id"] for insight in insights] + [challenge["id"] for challenge in challenges]
    authors = [people[0]] * INSIGHTS_OF_THE_FIRST + [people[1], people[1], people[2]]
    askers = [people[3], people[0]]
    deleted: set[str] = set()
    # What stands, by what it is: (undo, its target, the credits it wrote: (recipient,
    # actor id, event, post id)).
    standing: dict[tuple, tuple] = {}

    def act(key, target, do, undo, credits) -> None:
        """Do one thing; if it was already done, doing it again must change nothing."""
        before = reputations(people)
        done = do()
        change = difference(before, reputations(people))
        if key in standing or not done:
            assert change == {person.id: 0 for person in people}, key
        else:
            standing[key] = (undo, target, credits)

    def credit(kind, who, number) -> None:
        """`people[who]` uses or votes for contribution `number`."""
        actor, target = people[who], contributions[number]
        path = target + ("/uses" if kind == "use" else "/helpful")
        event = "contribution_used" if kind == "use" else "helpful_vote"
        act(
            (kind, who, number),
            target,
            lambda: actor.post(path, json={"note": "Used it"} if kind == "use" else None).status_code == 201,
            lambda: actor.delete(path),
            [(authors[number], actor.id, event, posts_of[number])],
        )

    def accept(which) -> None:
        """The asker of challenge `which` accepts its answer."""
        asker, path = askers[which], f"/answers/{answers[which]['id']}"
        answerer, post_id = authors[INSIGHTS_OF_THE_FIRST + 1 + which], challenges[which]["id"]
        act(
            ("accept", which),
            path,
            lambda: asker.post(f"{path}/accept").status_code == 200,
            lambda: asker.delete(f"{path}/accept"),
            [(answerer, asker.id, "answer_accepted", post_id), (asker, answerer.id, "accepted_an_answer", post_id)],
        )

    def take_back(key) -> None:
        """Undo what stands under `key`: exactly what its credits stand at goes, nothing else moves."""
        undo, target, credits = standing.pop(key)
        expected = {person.id: 0 for person in people}
        if target not in deleted:
            for recipient, actor_id, event, post_id in credits:
                expected[recipient.id] -= live_points(recipient, actor_id=actor_id, event=event, post_id=post_id)
        before = reputations(people)
        response = undo()
        if target in deleted:
            return  # deleting it reversed what it earned already
        assert response.status_code == 204, (key, response.get_json())
        assert difference(before, reputations(people)) == expected, key

    for action, who, which in actions:
        if action in ("use", "vote"):
            credit(action, who, which)
        elif action == "accept":
            accept(which)
        elif action == "burst":
            # One person crediting the first with twelve uses and votes in a row: past the
            # tenth within 24 hours they earn nothing, and the ledger keeps them as capped.
            for number in range(INSIGHTS_OF_THE_FIRST):
                for kind in ("use", "vote"):
                    credit(kind, who, number)
            if ("vote", who, INSIGHTS_OF_THE_FIRST - 1) in standing:
                take_back(("vote", who, INSIGHTS_OF_THE_FIRST - 1))  # the last: capped, if any was
        elif action == "undo" and standing:
            take_back(list(standing)[which % len(standing)])
        elif action == "delete" and contributions[which] not in deleted:
            assert authors[which].delete(contributions[which]).status_code == 204
            deleted.add(contributions[which])
        elif action == "wait":
            now += timedelta(hours=which)
            app.config["QUID_FROZEN_NOW"] = now

    incremental = reputations(people), boards(people[0]), kept_figures(app)
    api.cli("recompute")
    assert (reputations(people), boards(people[0]), kept_figures(app)) == incremental
