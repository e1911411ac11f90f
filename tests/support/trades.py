"""Gives-and-gets as tests drive them: legs, proposals, each move, and the sweep of the trade clock."""

from datetime import UTC, datetime


def sweep(api) -> str:
    """The sweep's report of the trade clock and of establishment (its first line; the
    freshness step reports on the next, tests/test_freshness.py)."""
    return api.cli("sweep").splitlines()[0].strip()


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(app, moment: datetime) -> None:
    app.config["QUID_FROZEN_NOW"] = moment


def leg(kind="help", description="Review the pricing deck", due: datetime | None = None, **extra) -> dict:
    return {"kind": kind, "description": description, "due": due.isoformat() if due else None, **extra}


def propose(proposer, counterparty, *, ask=None, offer=None, **extra) -> dict:
    response = proposer.post(
        "/trades",
        json={
            "counterparty_id": counterparty.id,
            "ask": ask or leg(description="Introduce me to the CFO"),
            "offer": offer or leg(kind="insight", description="Our churn analysis"),
            **extra,
        },
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def leg_of(trade: dict, promiser) -> dict:
    return next(item for item in trade["legs"] if item["promiser_id"] == promiser.id)


def act(person, trade: dict, action: str, json=None):
    return person.post(f"/trades/{trade['id']}/{action}", json=json)


def ok(response) -> dict:
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def deliver(person, trade, note="Sent it over") -> dict:
    return ok(act(person, trade, f"legs/{leg_of(trade, person)['id']}/deliver", {"note": note}))


def confirm(person, trade, promiser) -> dict:
    return ok(act(person, trade, f"legs/{leg_of(trade, promiser)['id']}/confirm"))


def complete(proposer, counterparty, **proposal) -> dict:
    trade = propose(proposer, counterparty, **proposal)
    ok(act(counterparty, trade, "accept"))
    deliver(proposer, trade)
    deliver(counterparty, trade)
    confirm(counterparty, trade, proposer)
    return confirm(proposer, trade, counterparty)
