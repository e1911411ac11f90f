"""Trades: the whole life of a trade, every illegal move, who may see and do what, leads."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.assertions import assert_error, kinds
from tests.support.trades import act, confirm, deliver, leg, leg_of, ok, propose


@pytest.fixture
def pair(api):
    return (
        api.person(division="Field Sales North", display_name="Ana"),
        api.person(division="Pre-Sales", display_name="Ben"),
    )


def test_a_trade_from_proposal_to_completion(app, api, pair):
    ana, ben = pair
    due = datetime.now(UTC) + timedelta(days=5)
    trade = propose(
        ana,
        ben,
        ask=leg(description="Introduce me to the CFO", due=due),
        offer=leg(kind="insight", description="Our churn analysis"),
        message="Fair swap?",
    )
    assert trade["state"] == "proposed" and trade["message"] == "Fair swap?"
    assert trade["proposer"]["id"] == ana.id and trade["counterparty"]["id"] == ben.id
    assert trade["proposer"]["trust"] == {"score": 0.5, "band": "new", "settled": 0, "counted": 0, "on_time": 0}
    ask = leg_of(trade, ben)
    assert ask["receiver_id"] == ana.id and ask["state"] == "promised" and ask["kind"] == "help"
    assert datetime.fromisoformat(ask["due"]) == due.replace(microsecond=due.microsecond)
    assert leg_of(trade, ana)["due"] is None  # an open "I owe you one"

    assert [item["id"] for item in ben.get("/trades", query={"role": "counterparty"}).get_json()["items"]] == [
        trade["id"]
    ]
    assert ben.get("/trades", query={"role": "proposer"}).get_json()["items"] == []
    assert [item["id"] for item in ana.get("/trades", query={"state": "proposed"}).get_json()["items"]] == [trade["id"]]

    assert ok(act(ben, trade, "accept"))["state"] == "accepted"
    delivered = deliver(ben, trade, note="Intro email sent to Maria")
    assert leg_of(delivered, ben)["state"] == "delivered" and leg_of(delivered, ben)["on_time"] is True
    assert leg_of(delivered, ben)["delivery_note"] == "Intro email sent to Maria"
    deliver(ana, trade)
    confirm(ana, trade, ben)
    done = confirm(ben, trade, ana)
    assert done["state"] == "completed" and done["completed_at"]
    assert {item["state"] for item in done["legs"]} == {"confirmed"}

    for person in (ana, ben):
        me = person.get("/me").get_json()
        assert me["reputation"] == 7  # 5 × 1.5 across divisions, rounded down
        assert me["trust"] == {"score": round(2 / 3, 4), "band": "new", "settled": 1, "counted": 1, "on_time": 1}
        assert "good_trader" in {badge["slug"] for badge in me["badges"]}
        trust = ok(ana.get(f"/users/{person.id}/trust"))
        assert trust["circle_size"] == 1 and trust["on_time"] == 1 and trust["late"] == 0
    history = ana.get(f"/users/{ana.id}/reputation").get_json()["items"]
    kept = next(item for item in history if item["event"] == "leg_on_time")
    assert kept["points"] == 7 and "Ben" in kept["reason"] and "×1.5" in kept["reason"]
    assert {"trade_proposed", "leg_delivered", "leg_confirmed"} <= set(kinds(ben))
    assert {"trade_accepted", "leg_delivered", "leg_confirmed"} <= set(kinds(ana))
    proposed = next(
        item
        for item in ben.get("/notifications", query={"limit": 100}).get_json()["items"]
        if item["kind"] == "trade_proposed"
    )
    assert proposed["trade_id"] == trade["id"] and proposed["actor"]["id"] == ana.id
    assert "Our churn analysis" in proposed["message"] and "Introduce me to the CFO" in proposed["message"]


def test_illegal_moves_answer_409_naming_the_state(api, pair):
    ana, ben = pair
    trade = propose(ana, ben)
    assert_error(act(ana, trade, f"legs/{leg_of(trade, ben)['id']}/confirm"), 409, mentions="promised")
    assert_error(act(ana, trade, f"legs/{leg_of(trade, ana)['id']}/deliver", {"note": "x"}), 409, mentions="proposed")
    ok(act(ben, trade, "accept"))
    assert_error(act(ben, trade, "accept"), 409, mentions="only a proposed trade can be accepted")
    assert_error(act(ben, trade, "decline"), 409, mentions="only a proposed trade can be declined")
    assert_error(act(ana, trade, f"legs/{leg_of(trade, ben)['id']}/confirm"), 409, mentions="promised")
    deliver(ben, trade)
    assert_error(
        act(ben, trade, f"legs/{leg_of(trade, ben)['id']}/deliver", {"note": "again"}), 409, mentions="delivered"
    )
    confirm(ana, trade, ben)
    assert_error(act(ana, trade, f"legs/{leg_of(trade, ben)['id']}/confirm"), 409, mentions="confirmed")
    assert_error(
        act(ana, trade, f"legs/{leg_of(trade, ben)['id']}/outcome", {"outcome": "won"}), 409, mentions="not a lead"
    )
    deliver(ana, trade)
    confirm(ben, trade, ana)
    assert_error(act(ana, trade, "cancel"), 409, mentions="completed")

    declined = propose(ana, ben)
    assert ok(act(ben, declined, "decline"))["state"] == "declined"
    assert {item["state"] for item in ok(ana.get(f"/trades/{declined['id']}"))["legs"]} == {"void"}
    assert_error(
        act(ben, declined, f"legs/{leg_of(declined, ben)['id']}/deliver", {"note": "x"}), 409, mentions="declined"
    )
    assert_error(act(ben, declined, "accept"), 409, mentions="declined")
    assert_error(act(ana, declined, "cancel"), 409, mentions="declined")


def test_each_move_belongs_to_one_party(api, pair):
    ana, ben = pair
    trade = propose(ana, ben)
    assert_error(act(ana, trade, "accept"), 403)
    assert_error(act(ana, trade, "decline"), 403)
    assert_error(act(ben, trade, "cancel"), 403, mentions="declined")
    ok(act(ben, trade, "accept"))
    assert_error(act(ana, trade, f"legs/{leg_of(trade, ben)['id']}/deliver", {"note": "x"}), 403)
    deliver(ben, trade)
    assert_error(act(ben, trade, f"legs/{leg_of(trade, ben)['id']}/confirm"), 403)


def test_strangers_and_admins_get_404_everywhere(api, pair):
    ana, ben = pair
    trade = propose(ana, ben)
    for outsider in (api.person(), api.admin()):
        assert_error(outsider.get(f"/trades/{trade['id']}"), 404)
        assert outsider.get("/trades").get_json()["items"] == []
        for action in ("accept", "decline", "cancel"):
            assert_error(act(outsider, trade, action), 404)
        for promiser in (ana, ben):
            leg_id = leg_of(trade, promiser)["id"]
            assert_error(act(outsider, trade, f"legs/{leg_id}/deliver", {"note": "x"}), 404)
            assert_error(act(outsider, trade, f"legs/{leg_id}/confirm"), 404)
            assert_error(act(outsider, trade, f"legs/{leg_id}/outcome", {"outcome": "won"}), 404)
    assert_error(ana.get("/trades/999999"), 404)
    other = propose(ana, api.person())
    assert_error(act(ben, trade, f"legs/{leg_of(other, ana)['id']}/deliver", {"note": "x"}), 404)
    assert ok(ana.get(f"/trades/{trade['id']}"))["state"] == "proposed"


def test_a_proposal_is_validated_field_by_field(app, api, pair):
    ana, ben = pair
    good = {"counterparty_id": ben.id, "ask": leg(), "offer": leg()}

    def refused(body, field):
        assert_error(ana.post("/trades", json=body), 422, mentions=field)

    refused({**good, "counterparty_id": ana.id}, "counterparty_id")
    refused({**good, "counterparty_id": 999999}, "counterparty_id")
    refused({**good, "ask": leg(due=datetime.now(UTC) - timedelta(hours=1))}, "ask.due")
    refused({**good, "offer": {**leg(), "due": "next Tuesday"}}, "offer.due")
    refused({**good, "ask": leg(kind="lead")}, "account")
    refused({**good, "ask": leg(account="Globex")}, "account")
    refused({**good, "offer": leg(kind="favour")}, "kind")
    refused({**good, "offer": leg(description="")}, "description")
    refused({key: value for key, value in good.items() if key != "ask"}, "ask")
    refused({**good, "reputation": 100}, "reputation")
    hidden = api.person(division="Product").post_item(audience="division")
    refused({**good, "post_id": hidden["id"]}, "post_id")
    visible = ben.post_item()
    assert propose(ana, ben, post_id=visible["id"])["post_id"] == visible["id"]
    assert ana.get("/trades").get_json()["items"][0]["post_id"] == visible["id"]


def test_the_same_idempotency_key_proposes_once(api, pair):
    ana, ben = pair
    body = {"counterparty_id": ben.id, "ask": leg(), "offer": leg()}
    headers = {"Idempotency-Key": "trade-4f1c"}
    first = ana.post("/trades", json=body, headers=headers)
    again = ana.post("/trades", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert len(ana.get("/trades").get_json()["items"]) == 1


def test_a_lead_carries_its_account_and_its_outcome(api, pair):
    ana, ben = pair
    trade = propose(ana, ben, offer=leg(kind="lead", description="Their CIO wants a gateway pilot", account="Globex"))
    lead = leg_of(trade, ana)
    assert lead["account"] == "Globex" and lead["outcome"] is None
    ok(act(ben, trade, "accept"))
    outcome = f"legs/{lead['id']}/outcome"
    assert_error(act(ben, trade, outcome, {"outcome": "won"}), 409, mentions="promised")
    delivered = deliver(ana, trade)
    assert leg_of(delivered, ana)["outcome"] == "open"
    assert_error(act(ana, trade, outcome, {"outcome": "won"}), 403)
    assert_error(act(ben, trade, outcome, {"outcome": "maybe"}), 422, mentions="outcome")
    assert leg_of(ok(act(ben, trade, outcome, {"outcome": "won"})), ana)["outcome"] == "won"
    note = next(
        item
        for item in ana.get("/notifications", query={"limit": 100}).get_json()["items"]
        if item["kind"] == "lead_outcome"
    )
    assert note["data"] == {"leg_id": lead["id"], "account": "Globex", "outcome": "won"}
    ok(act(ben, trade, outcome, {"outcome": "won"}))  # the same outcome again changes nothing
    assert kinds(ana).count("lead_outcome") == 1


def test_withdrawing_or_declining_costs_nothing(api, pair):
    ana, ben = pair
    withdrawn = ok(act(ana, propose(ana, ben), "cancel"))
    assert withdrawn["state"] == "cancelled" and withdrawn["cancelled_by_id"] == ana.id
    assert {item["state"] for item in withdrawn["legs"]} == {"void"}
    ok(act(ben, propose(ana, ben), "decline"))
    for person in (ana, ben):
        me = person.get("/me").get_json()
        assert me["reputation"] == 0 and me["trust"]["settled"] == 0
    assert {"trade_cancelled", "trade_proposed"} <= set(kinds(ben))
    assert "trade_declined" in kinds(ana)
    # Nobody is told about their own moves.
    assert not {"trade_proposed", "trade_cancelled"} & set(kinds(ana))
    assert "trade_declined" not in kinds(ben)


def test_calling_off_an_accepted_trade_breaks_what_the_canceller_owes(api, pair):
    ana, ben = pair
    trade = propose(ana, ben)
    ok(act(ben, trade, "accept"))
    deliver(ben, trade)
    cancelled = ok(act(ana, trade, "cancel"))
    assert cancelled["state"] == "cancelled"
    # Ben kept his promise: calling the trade off confirms it on Ana's behalf, and it earns.
    assert leg_of(cancelled, ana)["state"] == "broken" and leg_of(cancelled, ben)["state"] == "confirmed"
    assert ana.get("/me").get_json()["reputation"] == -5
    assert ana.get("/me").get_json()["trust"] == {
        "score": round(1 / 3, 4),
        "band": "new",
        "settled": 1,
        "counted": 1,
        "on_time": 0,
    }
    assert ben.get("/me").get_json()["reputation"] == 7
    assert ben.get("/me").get_json()["trust"]["settled"] == 1
    assert "called the trade off" in next(
        item["message"] for item in ben.get("/notifications").get_json()["items"] if item["kind"] == "leg_confirmed"
    )
    assert ok(ana.get(f"/trades/{trade['id']}"))["state"] == "cancelled"
    assert "trade_cancelled" in kinds(ben)

    released = propose(ana, ben)
    ok(act(ben, released, "accept"))
    ok(act(ben, released, "cancel"))
    assert ben.get("/me").get_json()["reputation"] == 7 - 5
    assert leg_of(ok(ana.get(f"/trades/{released['id']}")), ana)["state"] == "void"
    assert ana.get("/me").get_json()["reputation"] == -5

    both_delivered = propose(ana, ben)
    ok(act(ben, both_delivered, "accept"))
    deliver(ana, both_delivered)
    deliver(ben, both_delivered)
    assert_error(act(ana, both_delivered, "cancel"), 409, mentions="confirm")


def test_a_dot_delivered_and_then_called_off_earns_the_deliverer_nothing(api, pair):
    """The attack: deliver "." and call the trade off, to count as kept and void the other
    side. A delivery counts only once its receiver confirms it, and the canceller's own
    delivered leg is not confirmed for them."""
    ana, ben = pair
    trade = propose(ana, ben)
    ok(act(ben, trade, "accept"))
    deliver(ana, trade, note=".")
    assert ana.get("/me").get_json()["trust"]["settled"] == 0  # delivered is not kept
    cancelled = ok(act(ana, trade, "cancel"))
    assert leg_of(cancelled, ana)["state"] == "delivered" and leg_of(cancelled, ben)["state"] == "void"
    for person in (ana, ben):
        me = person.get("/me").get_json()
        assert (me["reputation"], me["trust"]["settled"]) == (0, 0)
    assert leg_of(cancelled, ana)["confirmed_at"] is None
