"""Natural dates: a date given for a moment means a day in the firm's time zone (the end of
it for a due time, the start for a filter), a date-time without a zone is read on the
firm's clocks, and every date error says the form it expects."""

from datetime import UTC, datetime, timedelta

import pytest

from server.common.fields import CalendarDate, NaturalMoment
from tests.support.assertions import assert_error
from tests.support.inputs import names_field, operations, send

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def pair(app, api):
    app.config["QUID_FROZEN_NOW"] = NOW
    return api.person(), api.person(division="Pre-Sales")


def proposed_due(proposer, counterparty, due: str):
    """What the trade shows as due when `proposer` asks for a leg due at `due`."""
    response = proposer.post(
        "/trades",
        json={
            "counterparty_id": counterparty.id,
            "ask": {"kind": "help", "description": "Review my deck", "due": due},
            "offer": {"kind": "insight", "description": "Our churn analysis"},
        },
    )
    assert response.status_code == 201, response.get_json()
    return next(leg["due"] for leg in response.get_json()["legs"] if leg["promiser_id"] == counterparty.id)


def test_a_due_date_means_the_end_of_that_day_and_a_delivery_during_it_is_on_time(app, pair):
    ana, ben = pair
    assert proposed_due(ana, ben, "2026-12-20") == "2026-12-20T23:59:59.999999+00:00"
    response = ana.post(
        "/trades",
        json={
            "counterparty_id": ben.id,
            "ask": {"kind": "help", "description": "Review my deck", "due": "2026-03-05"},
            "offer": {"kind": "help", "description": "Review yours"},
        },
    )
    trade = response.get_json()
    assert ben.post(f"/trades/{trade['id']}/accept").status_code == 200
    leg = next(leg for leg in trade["legs"] if leg["promiser_id"] == ben.id)
    app.config["QUID_FROZEN_NOW"] = datetime(2026, 3, 5, 23, 59, 59, tzinfo=UTC)
    delivered = ben.post(f"/trades/{trade['id']}/legs/{leg['id']}/deliver", json={"note": "Reviewed, see comments"})
    assert delivered.status_code == 200, delivered.get_json()
    assert next(item for item in delivered.get_json()["legs"] if item["id"] == leg["id"])["on_time"] is True


def test_in_a_firm_in_berlin_dates_and_times_without_a_zone_are_read_on_its_clocks(app, pair):
    """Europe/Berlin is UTC+1 in winter and UTC+2 in summer; in 2026 its clocks skip from
    02:00 to 03:00 on 29 March and go back from 03:00 to 02:00 on 25 October."""
    ana, ben = pair
    app.config["FIRM_TIMEZONE"] = "Europe/Berlin"
    assert proposed_due(ana, ben, "2026-03-28") == "2026-03-28T22:59:59.999999+00:00"
    # The day the clocks go forward ends in summer time, the day they go back in winter time.
    assert proposed_due(ana, ben, "2026-03-29") == "2026-03-29T21:59:59.999999+00:00"
    assert proposed_due(ana, ben, "2026-10-25") == "2026-10-25T22:59:59.999999+00:00"
    assert proposed_due(ana, ben, "2026-07-01T17:00:00") == "2026-07-01T15:00:00+00:00"
    assert proposed_due(ana, ben, "2026-12-01T17:00") == "2026-12-01T16:00:00+00:00"
    assert proposed_due(ana, ben, "2026-03-29T03:00:00") == "2026-03-29T01:00:00+00:00"
    # A date-time that gives its zone is that moment wherever the firm is.
    assert proposed_due(ana, ben, "2026-07-01T17:00:00+01:00") == "2026-07-01T16:00:00+00:00"
    assert proposed_due(ana, ben, "2026-07-01T17:00:00Z") == "2026-07-01T17:00:00+00:00"

    def refused(due: str, mentions: str):
        body = {
            "counterparty_id": ben.id,
            "ask": {"kind": "help", "description": "Review my deck", "due": due},
            "offer": {"kind": "insight", "description": "Our churn analysis"},
        }
        assert_error(ana.post("/trades", json=body), 422, mentions=mentions)

    refused("2026-03-29T02:30:00", "ask.due: 2026-03-29T02:30:00 does not exist in Europe/Berlin")
    refused(
        "2026-10-25T02:30:00", "happens twice in Europe/Berlin (the clocks go back); give its zone: +02:00 or +01:00"
    )


def test_since_a_date_means_from_the_start_of_that_day_in_the_firms_time_zone(app, api):
    app.config["FIRM_TIMEZONE"] = "Europe/Berlin"
    app.config["QUID_FROZEN_NOW"] = datetime(2026, 2, 1, tzinfo=UTC)
    admin = api.admin()
    # 23:30 on 1 March and 00:30 on 2 March in Berlin.
    for moment, name in (
        (datetime(2026, 3, 1, 22, 30, tzinfo=UTC), "Late on the first"),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "Early on the second"),
    ):
        app.config["QUID_FROZEN_NOW"] = moment
        assert admin.post("/admin/divisions", json={"name": name}).status_code == 201
    app.config["QUID_FROZEN_NOW"] = NOW

    def created_since(since: str) -> list[str]:
        response = admin.get("/admin/audit", query={"since": since, "action": "division.created"})
        assert response.status_code == 200, response.get_json()
        return [entry["object"] for entry in response.get_json()["items"]]

    assert created_since("2026-03-02") == ["Early on the second"]
    assert created_since("2026-03-01T23:30:00") == ["Early on the second", "Late on the first"]
    assert created_since("2026-03-01T23:31:00+00:00") == []


def test_a_needed_by_date_is_a_day_and_says_so_when_given_anything_else(api):
    person = api.person()
    challenge = {"kind": "challenge", "title": "Who knows the tender rules?", "body": "b"}
    created = person.post("/posts", json={**challenge, "needed_by": "2026-12-20"})
    assert created.status_code == 201 and created.get_json()["needed_by"] == "2026-12-20"
    assert_error(
        person.post("/posts", json={**challenge, "needed_by": "2026-12-20T17:00:00+01:00"}),
        422,
        mentions="needed_by: Use a date (2026-12-20)",
    )


BAD_FORMS = ["20/12/2026", "tomorrow", "2026-12-20T17:00:00+0100", "2026-02-30", "٢٠٢٦-١٢-٢٠", "", "2026-12-20T25:00"]


def test_every_date_error_says_the_form_it_expects(app, api):
    admin = api.admin()
    dates = [
        (operation, input_field)
        for operation in operations(app)
        for input_field in operation.inputs
        if isinstance(input_field.field, (CalendarDate, NaturalMoment))
    ]
    assert len(dates) >= 5
    unclear = []
    for operation, input_field in dates:
        for value in BAD_FORMS:
            response = send(admin, operation, input_field, value)
            message = (response.get_json(silent=True) or {}).get("message", "")
            expected = (
                "date (2026-12-20)"
                if isinstance(input_field.field, CalendarDate)
                else "a date (2026-12-20) or a date-time with its zone (2026-12-20T17:00:00+01:00)"
            )
            if not names_field(response, input_field) or expected not in message:
                unclear.append(f"{operation} {input_field.name}={value!r} → {response.status_code} {message}")
    assert unclear == []


def test_a_due_date_in_the_past_is_still_refused(pair):
    ana, ben = pair
    yesterday = (NOW - timedelta(days=1)).date().isoformat()
    assert_error(
        ana.post(
            "/trades",
            json={
                "counterparty_id": ben.id,
                "ask": {"kind": "help", "description": "Review my deck", "due": yesterday},
                "offer": {"kind": "insight", "description": "Our churn analysis"},
            },
        ),
        422,
        mentions="ask.due",
    )
