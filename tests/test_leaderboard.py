"""Leaderboards: metrics, calendar periods at their edges, division scope, ranking, my rank."""

from datetime import UTC, datetime

import pytest

from tests.support.assertions import assert_error
from tests.support.trades import act, ok, propose


def at(app, *args):
    app.config["QUID_FROZEN_NOW"] = datetime(*args, tzinfo=UTC)


def board(person, **query):
    response = person.get("/leaderboard", query=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def scores(person, **query):
    return [(item["rank"], item["user"]["id"], item["score"]) for item in board(person, **query)["items"]]


@pytest.fixture
def cast(api):
    """Three authors in two divisions and a pool of users from a third."""
    people = {
        "ana": api.person(division="Field Sales North", display_name="Ana"),
        "bo": api.person(division="Field Sales North", display_name="Bo"),
        "cy": api.person(division="Pre-Sales", display_name="Cy"),
        "viewer": api.person(division="Pre-Sales", display_name="Viewer"),
    }
    people["users"] = [api.person(division="Product") for _ in range(4)]
    return people


def used(author, users, count):
    insight = author.post_item()
    for user in users[:count]:
        assert user.post(f"/posts/{insight['id']}/uses", json={"note": "Used"}).status_code == 201


def test_competition_ranking_ties_and_my_rank(app, cast):
    at(app, 2026, 11, 18, 12)
    ana, bo, cy, viewer, users = cast["ana"], cast["bo"], cast["cy"], cast["viewer"], cast["users"]
    used(ana, users, 2)  # 30
    used(bo, users, 1)  # 15
    used(cy, users, 1)  # 15
    result = board(viewer, metric="reputation", period="week")
    assert [(item["rank"], item["user"]["id"], item["score"]) for item in result["items"]] == [
        (1, ana.id, 30),
        (2, bo.id, 15),
        (2, cy.id, 15),
    ]
    assert result["me"] == {"rank": 4, "score": 0}
    assert result["starts_on"] == "2026-11-16" and result["ends_on"] == "2026-11-23"
    assert board(bo, period="week")["me"] == {"rank": 2, "score": 15}
    assert scores(viewer, period="week", limit=1) == [(1, ana.id, 30)]
    assert board(cy, period="week", limit=1)["me"] == {"rank": 2, "score": 15}
    assert scores(viewer, metric="uses", period="week") == [(1, ana.id, 2), (2, bo.id, 1), (2, cy.id, 1)]


def test_a_negative_score_ranks_after_everyone_on_zero(api, app, cast):
    """A broken promise can leave a period's reputation below zero: that person ranks after
    every member of the scope who scored nothing, and is not listed among the top."""
    at(app, 2026, 11, 18, 12)
    ana, bo, viewer, users = cast["ana"], cast["bo"], cast["viewer"], cast["users"]
    used(ana, users, 1)  # 15
    trade = propose(bo, ana)
    ok(act(ana, trade, "accept"))
    ok(act(bo, trade, "cancel"))  # Bo calls it off: his promise is broken, -5
    members = 8  # the cast is the whole firm

    result = board(viewer, period="week")
    assert [(item["rank"], item["user"]["id"], item["score"]) for item in result["items"]] == [(1, ana.id, 15)]
    assert result["me"] == {"rank": 2, "score": 0}
    # Everyone but Ana and Bo is on zero, tied at 2; Bo comes after all of them.
    assert board(bo, period="week")["me"] == {"rank": 2 + members - 2, "score": -5}
    north = api.division("Field Sales North")
    assert board(bo, period="week", division=north)["me"] == {"rank": 2, "score": -5}  # Ana 1, Bo 2
    assert board(ana, period="week", division=north)["me"] == {"rank": 1, "score": 15}


def test_division_scope(api, app, cast):
    at(app, 2026, 11, 18, 12)
    used(cast["ana"], cast["users"], 2)
    used(cast["cy"], cast["users"], 1)
    presales = api.division("Pre-Sales")
    assert scores(cast["viewer"], period="week", division=presales) == [(1, cast["cy"].id, 15)]
    assert board(cast["ana"], period="week", division=presales)["me"] == {"rank": 2, "score": 0}
    assert_error(cast["viewer"].get("/leaderboard", query={"division": 999}), 422, mentions="division")


def test_a_person_moved_or_deactivated_takes_their_totals_with_them(api, app, cast):
    at(app, 2026, 11, 18, 12)
    ana, cy, viewer = cast["ana"], cast["cy"], cast["viewer"]
    used(ana, cast["users"], 2)  # 30
    used(cy, cast["users"], 1)  # 15
    admin = api.admin()
    north, presales = api.division("Field Sales North"), api.division("Pre-Sales")
    admin.patch(f"/admin/users/{ana.id}", json={"division": presales})
    assert scores(viewer, period="week", division=presales) == [(1, ana.id, 30), (2, cy.id, 15)]
    assert scores(viewer, period="week", division=north) == []
    assert board(ana, period="week", division=presales)["me"] == {"rank": 1, "score": 30}
    assert board(ana, period="week", division=north)["me"]["score"] == 0, "no longer theirs to rank in"
    admin.patch(f"/admin/users/{ana.id}", json={"is_active": False})
    assert scores(viewer, period="week") == [(1, cy.id, 15)]
    assert scores(viewer, period="week", division=presales) == [(1, cy.id, 15)]
    assert board(cy, period="all")["me"] == {"rank": 1, "score": 15}
    # Back, and moved home in the same change: the points follow into the division they return to.
    admin.patch(f"/admin/users/{ana.id}", json={"is_active": True, "division": north})
    assert scores(viewer, period="week", division=north) == [(1, ana.id, 30)]
    assert scores(viewer, period="week") == [(1, ana.id, 30), (2, cy.id, 15)]

    def every_scope():
        return {
            (division, period): scores(viewer, period=period, division=division)
            for division in (None, north, presales)
            for period in ("week", "all")
        }

    admin.patch(f"/admin/users/{cy.id}", json={"is_active": False})
    kept = every_scope()
    assert kept[None, "week"] == [(1, ana.id, 30)]
    api.cli("db", "downgrade", "0016")
    api.cli("db", "upgrade")
    assert every_scope() == kept, "the migration files each total under its person's division and activity"
    api.cli("recompute")
    assert every_scope() == kept


def test_accepted_metric(app, api):
    at(app, 2026, 11, 18, 12)
    asker, expert = api.person(), api.person()
    for _ in range(2):
        challenge = asker.post_item(kind="challenge")
        asker.post(f"/answers/{expert.answer(challenge['id'])['id']}/accept")
    assert scores(asker, metric="accepted", period="month") == [(1, expert.id, 2)]


@pytest.mark.parametrize(
    "before, after, period",
    [
        ((2026, 11, 22, 23, 59), (2026, 11, 23, 0, 0), "week"),  # Sunday night → Monday
        ((2026, 9, 30, 23, 59), (2026, 10, 1, 0, 0), "quarter"),  # Q3 → Q4
        ((2026, 12, 31, 23, 59), (2027, 1, 1, 0, 0), "year"),  # year end
        ((2026, 10, 31, 23, 59), (2026, 11, 1, 0, 0), "month"),
    ],
)
def test_period_edges(app, cast, before, after, period):
    ana, bo, viewer, users = cast["ana"], cast["bo"], cast["viewer"], cast["users"]
    at(app, *before)
    used(ana, users, 1)
    assert scores(viewer, period=period) == [(1, ana.id, 15)]
    at(app, *after)
    used(bo, users, 2)
    # The new period holds only what happened in it; `all` holds both.
    assert scores(viewer, period=period) == [(1, bo.id, 30)]
    assert scores(viewer, period="all") == [(1, bo.id, 30), (2, ana.id, 15)]


def test_periods_follow_the_firm_time_zone(app, cast):
    app.config["FIRM_TIMEZONE"] = "America/New_York"
    # 02:00 UTC on Monday is still Sunday evening in New York: last week there.
    at(app, 2026, 11, 23, 2, 0)
    used(cast["ana"], cast["users"], 1)
    result = board(cast["viewer"], period="week")
    assert result["starts_on"] == "2026-11-16"
    assert [item["user"]["id"] for item in result["items"]] == [cast["ana"].id]
    at(app, 2026, 11, 23, 6, 0)
    assert board(cast["viewer"], period="week")["items"] == []


def test_undo_takes_the_points_from_the_period_that_got_them(app, cast):
    ana, users, viewer = cast["ana"], cast["users"], cast["viewer"]
    at(app, 2026, 11, 20, 12)
    insight = ana.post_item()
    users[0].post(f"/posts/{insight['id']}/uses", json={"note": "Used"})
    at(app, 2026, 11, 25, 12)
    users[0].delete(f"/posts/{insight['id']}/uses")
    assert scores(viewer, period="week") == []
    at(app, 2026, 11, 20, 13)
    assert scores(viewer, period="week") == []


@pytest.mark.parametrize(
    "query, field",
    [
        ({"metric": "karma"}, "metric"),
        ({"period": "decade"}, "period"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"sort": "asc"}, "sort"),
    ],
)
def test_bad_arguments(api, query, field):
    assert_error(api.person().get("/leaderboard", query=query), 422, mentions=field)


def test_a_repeated_query_loads_as_the_first_did(app, cast):
    """Each query string gives its own arguments, and a bad one its 422, however often it is sent."""
    at(app, 2026, 11, 18, 12)
    used(cast["ana"], cast["users"], 2)
    used(cast["bo"], cast["users"], 1)
    viewer = cast["viewer"]
    for _ in range(3):
        assert len(board(viewer, period="week", limit=1)["items"]) == 1
        assert len(board(viewer, period="week", limit=2)["items"]) == 2
        assert board(viewer, limit=2)["period"] == "week"
        assert board(viewer, period="all", metric="uses")["metric"] == "uses"
        assert_error(viewer.get("/leaderboard", query={"period": "week", "limit": 0}), 422, mentions="limit")


EDGE_MOMENTS = [  # the last and first minutes of weeks, months, quarters, years, a leap day
    (2026, 11, 22, 23, 59),
    (2026, 11, 23, 0, 0),
    (2026, 12, 31, 23, 59),
    (2027, 1, 1, 0, 0),
    (2027, 3, 31, 23, 59),
    (2027, 4, 1, 0, 0),
    (2028, 2, 29, 12, 0),
    (2028, 3, 1, 0, 0),
]


def every_board(app, viewer, division):
    """Every metric and period, firm-wide and for one division, seen at each edge moment."""
    boards = {}
    for moment in EDGE_MOMENTS:
        at(app, *moment)
        for period in ("week", "month", "quarter", "year", "all"):
            for metric in ("reputation", "uses"):
                boards[moment, period, metric] = scores(viewer, metric=metric, period=period, limit=100)
            boards[moment, period, "division"] = scores(viewer, period=period, division=division, limit=100)
    return boards


def test_period_totals_equal_what_the_migration_and_recompute_rebuild(app, api, cast):
    """Boards read running totals per period kept with each action; the migration that
    introduced them and `recompute` rebuild them from the daily scores in SQL. Whatever
    happened on the edges of periods, all three must give every board the same."""
    ana, bo, cy, viewer, users = cast["ana"], cast["bo"], cast["cy"], cast["viewer"], cast["users"]
    insights = {name: person.post_item() for name, person in (("ana", ana), ("bo", bo), ("cy", cy))}
    for index, moment in enumerate(EDGE_MOMENTS):
        at(app, *moment)
        name = ("ana", "bo", "cy")[index % 3]
        user = users[index % 2]
        path = f"/posts/{insights[name]['id']}/uses"
        if user.post(path, json={"note": "Used"}).status_code != 201:
            assert user.delete(path).status_code == 204  # used before: this moment undoes it
    expected = every_board(app, viewer, api.division("Pre-Sales"))
    assert expected[EDGE_MOMENTS[-1], "all", "reputation"], "the scenario must score"
    # Uses on 31 December and 1 January share a week but not a year; the first two uses were undone.
    assert expected[EDGE_MOMENTS[2], "week", "reputation"] == expected[EDGE_MOMENTS[3], "week", "reputation"]
    assert len(expected[EDGE_MOMENTS[3], "week", "reputation"]) == 2
    assert expected[EDGE_MOMENTS[2], "year", "reputation"] != expected[EDGE_MOMENTS[3], "year", "reputation"]
    assert expected[EDGE_MOMENTS[0], "week", "reputation"] == []
    api.cli("db", "downgrade", "0003")
    api.cli("db", "upgrade")
    assert every_board(app, viewer, api.division("Pre-Sales")) == expected
    api.cli("recompute")
    assert every_board(app, viewer, api.division("Pre-Sales")) == expected


def test_every_read_shows_every_point_already_committed(app, api, cast):
    """No board is kept between reads: the top and the caller's own standing change with
    the points of the request before, and an unknown division is refused every time."""
    ana, bo, viewer, users = cast["ana"], cast["bo"], cast["viewer"], cast["users"]
    at(app, 2031, 5, 14, 12)
    presales = api.division("Pre-Sales")
    used(ana, users, 1)
    assert scores(viewer, period="week") == [(1, ana.id, 15)]
    assert board(bo, period="week")["me"] == {"rank": 2, "score": 0}
    used(bo, users, 2)
    assert scores(viewer, period="week") == [(1, bo.id, 30), (2, ana.id, 15)]
    assert board(bo, period="week")["me"] == {"rank": 1, "score": 30}
    assert board(ana, period="week")["me"] == {"rank": 2, "score": 15}
    assert scores(viewer, period="week", division=presales) == []
    for _ in range(2):
        assert_error(viewer.get("/leaderboard", query={"period": "week", "division": 999}), 422, mentions="division")
