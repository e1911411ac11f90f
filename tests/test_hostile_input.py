"""Hostile input never answers 5xx: one test per class of input, each over every input of
that class, found from the URL map and the argument schemas (tests/support/inputs.py).

The classes: integers out of range or of the wrong type (path ids, query integers,
cursors, body numbers) answer 404 or 422; text with NUL, lone surrogates or bytes that are
not UTF-8 answers 422 naming the field; dates outside DATE_YEARS answer 422 naming the
field. Sizes and nesting are OWASP API4's (tests/security/test_api4_...).
"""

import base64
import json

import pytest
from marshmallow import fields, validate

from server.attachments.schemas import PhotoFile
from server.common.fields import CalendarDate, CleanString, EntityId, NaturalMoment, StrictFloat
from tests.support.assertions import assert_error
from tests.support.inputs import is_text, names_field, operations, send

HUGE = 99999999999999999999
PATH_IDS = [str(HUGE), "-1", str(2**63), "1.5", "1e3", "abc", "%00", "%FF", "9" * 5000]
QUERY_NUMBERS = [str(HUGE), "-1", str(2**63), "1.5", "abc", "NaN", "Infinity", "9" * 5000]
BODY_NUMBERS = [HUGE, -1, 2**63, 1.5, "7", True, float("nan"), float("inf"), 10**400]


@pytest.fixture
def world(api):
    """An admin (user 1, who may call everything) and one of each thing a path names (id 1),
    so that a refusal comes from the hostile value, not from a missing object."""
    admin = api.admin()
    colleague = api.person(division="Pre-Sales")
    challenge = colleague.post_item(kind="challenge", title="How do we price the pilot?")
    admin.answer(challenge["id"])
    trade = admin.post(
        "/trades",
        json={
            "counterparty_id": colleague.id,
            "ask": {"kind": "help", "description": "Review my deck"},
            "offer": {"kind": "insight", "description": "Our churn analysis"},
        },
    )
    assert trade.status_code == 201, trade.get_json()
    assert (admin.id, challenge["id"], trade.get_json()["id"]) == (1, 1, 1)
    return admin


def each_input(app, wanted):
    """(operation, input field) for every input field `wanted` accepts."""
    return [
        (operation, input_field)
        for operation in operations(app)
        for input_field in operation.inputs
        if wanted(input_field)
    ]


def refused_by_field(person, cases) -> list[str]:
    """Send each (operation, field, value, raw) case; describe those not answered with a 422
    naming the field."""
    failures = []
    for operation, input_field, value, raw in cases:
        response = send(person, operation, input_field, value, raw=raw)
        if not names_field(response, input_field):
            failures.append(
                f"{operation} {input_field.location} {input_field.name}={value if raw is None else raw!r}"
                f" → {response.status_code} {response.get_data(as_text=True)[:160]}"
            )
    return failures


# A PhotoFile's bytes are checked by the photo pipeline (tests/test_attachments.py's hostile files).
GUARDED_KINDS = (CleanString, EntityId, StrictFloat, fields.Boolean, fields.Enum, fields.Nested, fields.List, PhotoFile)


def test_every_input_field_is_of_a_guarded_kind(app):
    """Plain String, Integer, Float or DateTime fields accept NUL, unbounded ids, strings of
    digits or year 9999; every field a client may send is one of Quid's guarded kinds, and
    a plain Integer only with a range (a page size)."""
    unguarded = []
    for operation, input_field in each_input(app, lambda input_field: True):
        field = input_field.field
        bounded_integer = type(field) is fields.Integer and any(
            isinstance(check, validate.Range) for check in field.validators
        )
        if not (isinstance(field, GUARDED_KINDS) or bounded_integer):
            unguarded.append(f"{operation} {input_field.name}: {type(field).__name__}")
    assert unguarded == []


def test_out_of_range_integers_answer_404_in_paths_and_422_naming_the_field_elsewhere(app, world):
    operations_with_ids = [operation for operation in operations(app) if operation.path_arguments]
    assert len(operations_with_ids) > 20
    failures = []
    for operation in operations_with_ids:
        for argument in operation.path_arguments:
            for value in PATH_IDS:
                path = "/api/v1" + operation.path(**{argument: value}).removeprefix("/api/v1")
                response = world.client.open(path, method=operation.method, headers=world.headers)
                body = response.get_json(silent=True) or {}
                if response.status_code != 404 or body.get("code") != 404:
                    failures.append(f"{operation} {argument}={value[:20]} → {response.status_code}")
    numbers = (fields.Integer, fields.Float, fields.Boolean)
    query = each_input(
        app, lambda input_field: input_field.location == "query" and isinstance(input_field.field, numbers)
    )
    body = each_input(
        app, lambda input_field: input_field.location == "json" and isinstance(input_field.field, numbers)
    )
    assert {input_field.name for _, input_field in query} >= {"limit", "author", "division", "object_id", "unread"}
    assert {input_field.name for _, input_field in body} >= {
        "counterparty_id",
        "post_id",
        "of",
        "ids",
        "division",
        "hours_saved",
        "deal_influenced",
    }
    failures += refused_by_field(
        world, [(operation, input_field, value, None) for operation, input_field in query for value in QUERY_NUMBERS]
    )
    failures += refused_by_field(
        world,
        [
            (operation, input_field, value, None)
            for operation, input_field in body
            for value in BODY_NUMBERS
            # A fraction is a number of hours; true is a boolean.
            if not (value == 1.5 and isinstance(input_field.field, fields.Float))
            and not (value is True and isinstance(input_field.field, fields.Boolean))
        ],
    )
    assert failures == []


def test_booleans_are_only_true_or_false_in_bodies_and_queries(app, world):
    """The document says boolean; marshmallow's Boolean also took 1, "yes", "on", "t" and the
    like (found by the API9 schemathesis run). A body takes JSON's true and false only, a query
    string the text true and false only (server.common.fields.StrictBoolean)."""
    booleans = each_input(app, lambda input_field: isinstance(input_field.field, fields.Boolean))
    body = [(operation, input_field) for operation, input_field in booleans if input_field.location == "json"]
    query = [(operation, input_field) for operation, input_field in booleans if input_field.location == "query"]
    assert {input_field.name for _, input_field in body} >= {"deal_influenced", "is_active"}
    assert {input_field.name for _, input_field in query} >= {"unread", "active"}
    failures = refused_by_field(
        world,
        [
            (operation, input_field, value, None)
            for operation, input_field in body
            for value in (1, 0, "true", "yes", "on", "t", 1.0)
        ],
    )
    failures += refused_by_field(
        world,
        [
            (operation, input_field, value, None)
            for operation, input_field in query
            for value in ("1", "0", "yes", "on", "True", "t", "")
        ],
    )
    assert failures == []
    for operation, input_field in query:
        for value in ("true", "false"):
            response = send(world, operation, input_field, value)
            assert response.status_code != 422, (str(operation), value, response.get_json())


def forged_cursor(position) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def test_forged_cursors_answer_422_naming_the_cursor(app, world):
    """A cursor comes back from the client: a forged one holding a number the database
    cannot hold, or text it cannot store, is refused like any other input."""
    cursors = [
        forged_cursor(position)
        for position in (
            [HUGE],
            [2**63],
            [-1],
            [1.5],
            ["7"],
            [True],
            [None],
            [[1]],
            [HUGE, "tag"],
            [1, "a\x00b"],
            [1, "\ud800"],
            [1, 2, 3],
            [],
        )
    ] + ["not-a-cursor", "%FF", "\x00"]
    listing = each_input(app, lambda input_field: input_field.name == "cursor")
    assert len(listing) >= 10
    assert (
        refused_by_field(
            world, [(operation, input_field, cursor, None) for operation, input_field in listing for cursor in cursors]
        )
        == []
    )


def test_nul_lone_surrogates_and_bytes_that_are_not_utf8_answer_422_naming_the_field(app, world):
    """In every text field of a body or form (list items included) and every query
    parameter: NUL, an escaped lone surrogate, and raw bytes that are not UTF-8; in a query
    or form, NUL and invalid UTF-8 percent-encoded (gunicorn refuses raw ones itself)."""
    text = each_input(app, lambda input_field: input_field.location in ("json", "form") and is_text(input_field.field))
    query = each_input(app, lambda input_field: input_field.location == "query")
    assert {input_field.location for _, input_field in text} == {"json", "form"}
    assert len(text) > 40 and len(query) > 40
    cases = []
    for operation, input_field in text:
        if input_field.location == "json":
            cases += [
                (operation, input_field, "a\x00b", None),
                (operation, input_field, "a\ud800b", None),
                (operation, input_field, None, b"a\xffb"),
                (operation, input_field, None, b"a\xed\xa0\x80b"),
            ]
        else:
            cases += [(operation, input_field, None, raw) for raw in (b"a%00b", b"a%FFb", b"a%ED%A0%80b")]
    for operation, input_field in query:
        cases += [(operation, input_field, None, raw) for raw in (b"a%00b", b"a%FFb", b"a%ED%A0%80b", b"a\xffb")]
    assert refused_by_field(world, cases) == []


def test_a_hostile_idempotency_key_or_token_is_refused_naming_the_header(app, world):
    post = {"kind": "insight", "title": "A key with a NUL in it", "body": "b"}
    for key in ("a\x00b", "ключ", "a\tb"):
        assert_error(world.post("/posts", json=post, headers={"Idempotency-Key": key}), 422, mentions="Idempotency-Key")
    # A header's bytes reach the app as Latin-1: byte 0xFF is "ÿ".
    for token in ("a\x00b.c.d", "\xff\xfe.\xff.\xff", "a" * 4000):
        assert_error(world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)
    assert world.get("/posts").get_json()["items"][0]["title"] == "How do we price the pilot?"


HOSTILE_DATES = [
    "0001-01-01",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "9999-12-26T00:00:00Z",
    "9999-12-31",
    "1999-12-31T23:59:59Z",
    "2101-01-01",
    "2101-01-01T00:00:00+14:00",
]


def test_dates_outside_the_years_quid_knows_answer_422_naming_the_field(app, world):
    dates = each_input(
        app,
        lambda input_field: isinstance(input_field.field, (CalendarDate, NaturalMoment, fields.Date, fields.DateTime)),
    )
    assert {input_field.name for _, input_field in dates} == {
        "ask.due",
        "offer.due",
        "needed_by",
        "since",
        "until",
        "from",
        "to",
    }
    cases = [
        (operation, input_field, value, None)
        for operation, input_field in dates
        for value in HOSTILE_DATES
        # A calendar date field is refused for the form anyway; its range is the point.
        if not (isinstance(input_field.field, CalendarDate) and "T" in value)
    ]
    assert refused_by_field(world, cases) == []


def test_a_due_time_far_ahead_is_refused_and_the_last_allowed_one_can_still_be_accepted(api, world):
    """A due at 9999-12-26 used to be accepted and then make the trade impossible to accept
    (its grace period left the calendar); now the last due time is in 2100."""
    colleague = api.person(division="Product")

    def proposal(due):
        return {
            "counterparty_id": colleague.id,
            "ask": {"kind": "help", "description": "Review my deck", "due": due},
            "offer": {"kind": "insight", "description": "Our churn analysis"},
        }

    assert_error(world.post("/trades", json=proposal("9999-12-26T00:00:00Z")), 422, mentions="ask.due")
    proposed = world.post("/trades", json=proposal("2100-12-31T23:59:59-12:00"))
    assert proposed.status_code == 201, proposed.get_json()
    accepted = colleague.post(f"/trades/{proposed.get_json()['id']}/accept")
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["state"] == "accepted"
