"""Trust on hand-worked examples, circles and what they let people see, and what trades
add to reputation, badges and leaderboards."""

from datetime import timedelta

import pytest

from shared.trust import trust_for
from tests.support.assertions import assert_error
from tests.support.trades import NOW, act, at, complete, confirm, deliver, leg, ok, propose, sweep


@pytest.mark.parametrize(
    ("on_time", "late", "broken", "score", "band"),
    [
        (0, 0, 0, 0.5, "new"),  # (0 + 0 + 1) / (0 + 2)
        (2, 0, 0, 0.75, "new"),  # (2 + 1) / (2 + 2): still fewer than 3 settled
        (3, 0, 0, 0.8, "reliable"),  # (3 + 1) / (3 + 2) = 0.8 exactly: reliable from 0.8
        (2, 1, 1, 0.5833, "mixed"),  # (2 + 0.5 + 1) / (4 + 2) = 3.5 / 6
        (1, 0, 2, 0.4, "unreliable"),  # (1 + 1) / (3 + 2)
        (1, 2, 0, 0.6, "mixed"),  # (1 + 1 + 1) / (3 + 2)
        (0, 2, 1, 0.4, "unreliable"),  # (0 + 1 + 1) / (3 + 2)
        (2, 0, 1, 0.6, "mixed"),  # (2 + 1) / (3 + 2) = 0.6: mixed from 0.5
        (1, 0, 1, 0.5, "new"),
    ],
)
def test_trust_formula_and_bands(on_time, late, broken, score, band):
    standing = trust_for(on_time=on_time, late=late, broken=broken)
    assert (standing.score, standing.band, standing.settled) == (score, band, on_time + late + broken)


def test_weighed_evidence_decides_the_band_not_the_number_of_legs():
    # Twelve legs kept for one colleague weigh 1 + 0.5 + 0.25 + …: under 2, so still new.
    standing = trust_for(on_time=1.875, late=0, broken=0, settled=12)
    assert (standing.band, standing.settled, standing.counted) == ("new", 12, 1.88)
    assert standing.score == round((1.875 + 1) / (1.875 + 2), 4)


def test_trust_over_real_trades_two_on_time_one_late_one_broken(app, api):
    promiser, receivers = api.person(), [api.person() for _ in range(4)]
    at(app, NOW)
    due = NOW + timedelta(days=2)
    trades = [propose(receiver, promiser, ask=leg(due=due)) for receiver in receivers]
    for trade in trades:
        ok(act(promiser, trade, "accept"))
    deliver(promiser, trades[0])
    deliver(promiser, trades[1])
    at(app, due + timedelta(days=1))
    deliver(promiser, trades[2])
    # Delivered is not kept: nothing counts until each receiver confirms.
    assert ok(receivers[0].get(f"/users/{promiser.id}/trust"))["settled"] == 0
    for trade, receiver in zip(trades[:3], receivers):
        confirm(receiver, trade, promiser)
    at(app, due + timedelta(days=7, minutes=1))  # the fourth breaks
    trust = ok(receivers[0].get(f"/users/{promiser.id}/trust"))
    assert (trust["on_time"], trust["late"], trust["broken"], trust["settled"], trust["counted"]) == (2, 1, 1, 4, 4)
    assert (trust["score"], trust["band"]) == (0.5833, "mixed")
    assert promiser.get("/me").get_json()["trust"] == {
        "score": 0.5833,
        "band": "mixed",
        "settled": 4,
        "counted": 4,
        "on_time": 2,
    }
    assert receivers[0].get(f"/users/{promiser.id}").get_json()["trust"]["band"] == "mixed"
    # Beside every name on a trade too, so that "kept 2 of 4 promises on time" can be said there.
    party = next(
        party
        for party in ok(promiser.get(f"/trades/{trades[0]['id']}")).values()
        if isinstance(party, dict) and party.get("id") == promiser.id
    )
    assert (party["trust"]["on_time"], party["trust"]["settled"]) == (2, 4)
    # The receivers' own legs (the offers) were never delivered: theirs are not settled yet
    # but are overdue-free, since the offers have no due time.
    assert ok(promiser.get(f"/users/{receivers[0].id}/trust"))["settled"] == 0
    assert_error(receivers[0].get("/users/999999/trust"), 404)


def test_trades_feed_reputation_badges_and_leaderboards(app, api):
    hub = api.person(division="Field Sales North", display_name="Hub")
    same = api.person(division="Field Sales North")
    partners = [api.person(division=name) for name in ("Pre-Sales", "Product", "Marketing")]
    complete(hub, same)
    complete(hub, partners[0])
    complete(hub, partners[0])  # a second trade with the same person is not a new bridge
    me = hub.get("/me").get_json()
    assert "bridge_builder" not in {badge["slug"] for badge in me["badges"]}
    complete(partners[1], hub)
    complete(hub, partners[2])
    badges = {badge["slug"] for badge in hub.get("/me").get_json()["badges"]}
    assert {"good_trader", "bridge_builder"} <= badges

    def score(metric):
        return hub.get("/leaderboard", query={"metric": metric, "period": "all"}).get_json()["me"]["score"]

    assert score("trades") == 5  # five legs kept on time
    assert score("bridges") == 3  # three distinct people in other divisions
    # 5 for the same-division leg, 7 for each of the four across divisions, except that the
    # second leg kept for the same person within 90 days is worth half (7 × 0.5 → 3).
    assert hub.get("/me").get_json()["reputation"] == 5 + 3 * 7 + 3 == score("reputation")
    partner_board = partners[0].get("/leaderboard", query={"metric": "bridges", "period": "all"}).get_json()
    assert partner_board["me"]["score"] == 1
    before = {metric: score(metric) for metric in ("trades", "bridges", "reputation")}
    api.cli("recompute")
    assert {metric: score(metric) for metric in before} == before


def test_promise_keeper_counts_promises_kept_for_ten_colleagues(app, api):
    keeper = api.person(division="Pre-Sales")
    friends = [api.person(division="Field Sales North") for _ in range(10)]
    for friend in friends[:9]:
        complete(friend, keeper)
    assert "promise_keeper" not in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
    complete(friends[9], keeper)
    assert "promise_keeper" in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
    assert keeper.get("/me").get_json()["reputation"] == 10 * 7
    trust = keeper.get("/me").get_json()["trust"]
    assert (trust["band"], trust["settled"], trust["counted"]) == ("reliable", 10, 10)


def test_twelve_trades_between_two_colleagues_farm_nothing_beyond_the_first_few(app, api):
    """The attack: twelve quick trades with no due date between two colleagues. Each repeat
    is worth half the one before, the ones worth nothing count nowhere (board, trust,
    badge), and the serial-credit cap still stops the eleventh in a day."""
    keeper = api.person(division="Pre-Sales")
    friend = api.person(division="Field Sales North")
    honest = api.person(division="Field Sales North")
    for other in [api.person(division="Product") for _ in range(4)]:
        complete(other, honest)
    for _ in range(12):
        complete(friend, keeper)
    me = keeper.get("/me").get_json()
    # 7 across divisions, then 3, 1, and nothing from the fourth on.
    assert me["reputation"] == 7 + 3 + 1
    assert "promise_keeper" not in {badge["slug"] for badge in me["badges"]}
    assert me["trust"]["band"] == "new" and me["trust"]["settled"] == 12
    assert me["trust"]["counted"] == round(1 + 3 / 7 + 1 / 7, 2)
    history = keeper.get(f"/users/{keeper.id}/reputation", query={"limit": 50}).get_json()["items"]
    legs = [entry for entry in history if entry["event"] == "leg_on_time"]
    assert [entry["cap_reason"] for entry in legs[:2]] == ["serial_credit", "serial_credit"]
    assert {entry["cap_reason"] for entry in legs[2:-1]} == {"repeated"} and legs[-1]["cap_reason"] is None
    board = keeper.get("/leaderboard", query={"metric": "trades", "period": "all"}).get_json()
    assert board["me"]["score"] == 3  # only the legs that earned something
    # Someone who kept four promises for four colleagues ranks above the pair.
    assert board["items"][0]["user"]["id"] == honest.id
    before = board["me"]["score"]
    api.cli("recompute")
    assert keeper.get("/leaderboard", query={"metric": "trades", "period": "all"}).get_json()["me"]["score"] == before


def test_a_broken_promise_keeps_promise_keeper_away(app, api):
    keeper, friend = api.person(), api.person()
    friends = [api.person() for _ in range(11)]
    at(app, NOW)
    late = propose(friend, keeper, ask=leg(due=NOW + timedelta(days=1)))
    ok(act(keeper, late, "accept"))
    at(app, NOW + timedelta(days=9))
    assert sweep(api) == "0 reminded, 0 overdue, 1 broken; 0 newly established."
    for other in friends[:10]:
        trade = propose(other, keeper)
        ok(act(keeper, trade, "accept"))
        deliver(keeper, trade)
        confirm(other, trade, keeper)
    assert "promise_keeper" not in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
    # Delivering the broken leg after all mends the record: the badge follows at the next kept leg.
    deliver(keeper, late)
    trade = propose(friends[10], keeper)
    ok(act(keeper, trade, "accept"))
    deliver(keeper, trade)
    confirm(friends[10], trade, keeper)
    assert "promise_keeper" in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
