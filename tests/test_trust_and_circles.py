"""Trust on hand-worked examples, circles and what they let people see, and what trades
add to reputation, badges and leaderboards."""

from datetime import timedelta

import pytest

from shared.trust import trust_for
from tests.test_auth import assert_error
from tests.test_trade_clock import sweep
from tests.test_trades import NOW, act, at, complete, confirm, deliver, leg, ok, propose


@pytest.mark.parametrize(("on_time", "late", "broken", "score", "band"), [
    (0, 0, 0, 0.5, "new"),              # (0 + 0 + 1) / (0 + 2)
    (2, 0, 0, 0.75, "new"),             # (2 + 1) / (2 + 2): still fewer than 3 settled
    (3, 0, 0, 0.8, "reliable"),         # (3 + 1) / (3 + 2) = 0.8 exactly: reliable from 0.8
    (2, 1, 1, 0.5833, "mixed"),         # (2 + 0.5 + 1) / (4 + 2) = 3.5 / 6
    (1, 0, 2, 0.4, "unreliable"),       # (1 + 1) / (3 + 2)
    (1, 2, 0, 0.6, "mixed"),            # (1 + 1 + 1) / (3 + 2)
    (0, 2, 1, 0.4, "unreliable"),       # (0 + 1 + 1) / (3 + 2)
    (2, 0, 1, 0.6, "mixed"),            # (2 + 1) / (3 + 2) = 0.6: mixed from 0.5
    (1, 0, 1, 0.5, "new"),
])
def test_trust_formula_and_bands(on_time, late, broken, score, band):
    standing = trust_for(on_time=on_time, late=late, broken=broken)
    assert (standing.score, standing.band, standing.settled) == (score, band, on_time + late + broken)


def test_trust_over_real_trades_two_on_time_one_late_one_broken(app, api):
    promiser, receiver = api.person(), api.person()
    at(app, NOW)
    due = NOW + timedelta(days=2)
    trades = [propose(receiver, promiser, ask=leg(due=due)) for _ in range(4)]
    for trade in trades:
        ok(act(promiser, trade, "accept"))
    deliver(promiser, trades[0])
    deliver(promiser, trades[1])
    at(app, due + timedelta(days=1))
    deliver(promiser, trades[2])
    at(app, due + timedelta(days=7, minutes=1))  # the fourth breaks
    trust = ok(receiver.get(f"/users/{promiser.id}/trust"))
    assert (trust["on_time"], trust["late"], trust["broken"], trust["settled"]) == (2, 1, 1, 4)
    assert (trust["score"], trust["band"]) == (0.5833, "mixed")
    assert promiser.get("/me").get_json()["trust"] == {"score": 0.5833, "band": "mixed", "settled": 4}
    assert receiver.get(f"/users/{promiser.id}").get_json()["trust"]["band"] == "mixed"
    # The receiver's own legs (the offers) were never delivered: theirs is not settled yet
    # but is overdue-free, since the offers have no due time.
    assert ok(promiser.get(f"/users/{receiver.id}/trust"))["settled"] == 0
    assert_error(receiver.get("/users/999999/trust"), 404)


def test_circle_posts_appear_with_a_first_completed_trade(api):
    author = api.person(display_name="Author")
    partner = api.person(division="Pre-Sales")
    outsider = api.person()
    earlier = author.post_item(audience="circle", title="Notes for my circle only")
    for person in (partner, outsider):
        assert_error(person.get(f"/posts/{earlier['id']}"), 404)
        assert earlier["id"] not in [item["id"] for item in person.get("/posts").get_json()["items"]]
    assert ok(author.get(f"/users/{author.id}/trust"))["circle_size"] == 0

    unfinished = propose(author, partner)
    ok(act(partner, unfinished, "accept"))
    deliver(author, unfinished)
    confirm(partner, unfinished, author)
    assert_error(partner.get(f"/posts/{earlier['id']}"), 404)  # one leg done is not a completed trade

    complete(author, partner)
    later = author.post_item(audience="circle", title="More notes for my circle")
    for post in (earlier, later):
        assert ok(partner.get(f"/posts/{post['id']}"))["id"] == post["id"]
        assert post["id"] in [item["id"] for item in partner.get("/posts").get_json()["items"]]
        assert_error(outsider.get(f"/posts/{post['id']}"), 404)
    # A circle is mutual: the author sees the partner's circle posts too.
    theirs = partner.post_item(audience="circle", title="From the partner's circle")
    assert ok(author.get(f"/posts/{theirs['id']}"))["id"] == theirs["id"]
    assert ok(author.get(f"/users/{author.id}/trust"))["circle_size"] == 1


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
    # 5 for the same-division leg, 7 for each of the four across divisions.
    assert hub.get("/me").get_json()["reputation"] == 5 + 4 * 7 == score("reputation")
    partner_board = partners[0].get("/leaderboard", query={"metric": "bridges", "period": "all"}).get_json()
    assert partner_board["me"]["score"] == 1
    before = {metric: score(metric) for metric in ("trades", "bridges", "reputation")}
    api.cli("recompute")
    assert {metric: score(metric) for metric in before} == before


def test_promise_keeper_and_the_serial_credit_cap(app, api):
    keeper = api.person(division="Pre-Sales")
    friend = api.person(division="Field Sales North")
    for _ in range(11):
        trade = propose(friend, keeper)
        ok(act(keeper, trade, "accept"))
        deliver(keeper, trade)
        confirm(friend, trade, keeper)
    assert "promise_keeper" in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
    # Ten credits from one person to another in 24 hours; the eleventh earns nothing.
    assert keeper.get("/me").get_json()["reputation"] == 10 * 7
    latest = keeper.get(f"/users/{keeper.id}/reputation").get_json()["items"][0]
    assert latest["points"] == 0 and latest["cap_reason"] == "serial_credit"
    board = keeper.get("/leaderboard", query={"metric": "trades", "period": "all"}).get_json()
    assert board["me"]["score"] == 11  # a capped leg was still kept on time


def test_a_broken_promise_keeps_promise_keeper_away(app, api):
    keeper, friend = api.person(), api.person()
    at(app, NOW)
    late = propose(friend, keeper, ask=leg(due=NOW + timedelta(days=1)))
    ok(act(keeper, late, "accept"))
    at(app, NOW + timedelta(days=9))
    assert sweep(api) == "0 reminded, 0 overdue, 1 broken."
    for _ in range(10):
        trade = propose(friend, keeper)
        ok(act(keeper, trade, "accept"))
        deliver(keeper, trade)
        confirm(friend, trade, keeper)
    assert "promise_keeper" not in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
    # Delivering the broken leg after all mends the record: the badge follows at the next kept leg.
    deliver(keeper, late)
    trade = propose(friend, keeper)
    ok(act(keeper, trade, "accept"))
    deliver(keeper, trade)
    confirm(friend, trade, keeper)
    assert "promise_keeper" in {badge["slug"] for badge in keeper.get("/me").get_json()["badges"]}
