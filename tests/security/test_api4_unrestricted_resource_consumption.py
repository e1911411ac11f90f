"""OWASP API4:2023 Unrestricted Resource Consumption, for Quid: no request may make the
server parse, hold or return more than its limits allow. A body is refused above
MAX_REQUEST_BYTES (413) yet every body within the field limits fits however it is escaped;
JSON is refused when nested deeper than JSON_MAX_DEPTH (400) before Python's recursive
parser runs out of stack; list endpoints refuse a page above PAGE_MAX_LIMIT (422); gunicorn
refuses request lines and headers past its limits (414, 431) in the one JSON error shape.
"""

# --- Sizes, nesting, request lines and pages (issue 14, hardening) -------------------------

import json
import socket

import flask_migrate
import pytest
import requests
from marshmallow import fields, validate

from server import create_app
from server.common.fields import CalendarDate, NaturalMoment
from server.extensions import db
from shared.limits import (
    ACCOUNT_MAX_LENGTH,
    BODY_MAX_LENGTH,
    ID_MAX,
    JSON_MAX_DEPTH,
    MAX_REQUEST_BYTES,
    MAX_TAGS_PER_POST,
    PAGE_MAX_LIMIT,
    TAG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from tests.conftest import TEST_CONFIG
from tests.support.assertions import assert_error
from tests.support.gunicorn import REPOSITORY_ROOT, start_gunicorn
from tests.support.inputs import names_field, operations, send
from tests.test_hostile_input import world  # noqa: F401  (the fixture: one of each thing a path names)

EMOJI = "\U0001f600"  # escaped by JSON as a surrogate pair: 12 bytes for one character
GUNICORN_CONFIG = str(REPOSITORY_ROOT / "deploy" / "gunicorn.conf.py")


def deeply_nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def json_operations(app):
    return [
        operation
        for operation in operations(app)
        if any(input_field.location == "json" for input_field in operation.inputs)
    ]


def test_json_nested_deeper_than_the_limit_answers_400_on_every_body(api):
    """20,000 nested brackets used to exhaust Python's parser (a RecursionError, 500)."""
    admin = api.admin()
    bodies = json_operations(api.app)
    assert len(bodies) > 20
    failures = []
    for operation in bodies:
        for body in (deeply_nested(20_000), b'{"a":' * 20_000 + b"1" + b"}" * 20_000):
            # A creating POST reads the body first to fingerprint its Idempotency-Key.
            for headers in ({}, {"Idempotency-Key": "nested-body"}):
                response = admin.client.open(
                    "/api/v1" + operation.path().removeprefix("/api/v1"),
                    method=operation.method,
                    data=body,
                    content_type="application/json",
                    headers={**admin.headers, **headers},
                )
                message = (response.get_json(silent=True) or {}).get("message", "")
                if response.status_code != 400 or f"deeper than {JSON_MAX_DEPTH} levels" not in message:
                    failures.append(f"{operation} {headers} → {response.status_code} {message}")
    assert failures == []


def test_nesting_up_to_the_limit_is_parsed_and_one_level_more_is_not(api):
    person = api.person()

    def post(body: bytes):
        return person.client.post("/api/v1/posts", data=body, content_type="application/json", headers=person.headers)

    # Parsed, then refused by the schema: a list is not a post.
    assert_error(post(deeply_nested(JSON_MAX_DEPTH)), 422)
    assert_error(post(deeply_nested(JSON_MAX_DEPTH + 1)), 400, mentions="deeper than")
    # Brackets inside strings are text, not nesting.
    created = person.post(
        "/posts", json={"kind": "insight", "title": "Brackets in the text", "body": "[" * 5_000 + "{" * 5_000}
    )
    assert created.status_code == 201, created.get_json()


def longest_value(field: fields.Field):
    """The longest value `field` accepts, as JSON would carry it; None when it has no bound."""
    if isinstance(field, fields.Nested):
        return longest_body(field.schema)
    if isinstance(field, fields.List):
        most = max(
            (check.max for check in field.validators if isinstance(check, validate.Length) and check.max), default=None
        )
        return None if most is None else [longest_value(field.inner)] * most
    if isinstance(field, fields.Boolean):
        return False
    if isinstance(field, fields.Enum):
        return max((member.value for member in field.enum), key=lambda value: len(str(value)))
    if isinstance(field, fields.Float):
        return -999.9999999999999
    if isinstance(field, fields.Integer):
        return -ID_MAX
    if isinstance(field, (CalendarDate, NaturalMoment)):
        return "2026-12-20T17:00:00.000000+01:00"
    for check in field.validators:
        if isinstance(check, validate.OneOf):
            return max(check.choices, key=len)
        if isinstance(check, validate.Regexp):
            return "a" * TAG_MAX_LENGTH
    lengths = [check.max for check in field.validators if isinstance(check, validate.Length) and check.max]
    return EMOJI * max(lengths) if lengths else None


def has_no_bound(value) -> bool:
    if isinstance(value, dict):
        return any(has_no_bound(item) for item in value.values())
    if isinstance(value, list):
        return any(has_no_bound(item) for item in value)
    return value is None


def longest_body(schema) -> dict:
    return {
        field.data_key or name: longest_value(field) for name, field in schema.fields.items() if not field.dump_only
    }


def test_every_body_within_its_field_limits_fits_the_request_limit(api):
    """Found from the schemas: each body with every text at its longest in characters
    that JSON escapes to 12 bytes, every list full, every number at its longest."""
    unbounded, too_big = [], []
    for operation in json_operations(api.app):
        body = {}
        for input_field in operation.inputs:
            if input_field.location == "json" and "." not in input_field.name and not input_field.list_item:
                value = longest_value(input_field.field)
                if has_no_bound(value):
                    unbounded.append(f"{operation} {input_field.name}")
                body[input_field.name] = value
        size = len(json.dumps(body, ensure_ascii=True).encode())
        if size > MAX_REQUEST_BYTES:
            too_big.append(f"{operation}: {size} bytes")
    assert (unbounded, too_big) == ([], [])


def test_a_post_within_the_field_limits_is_taken_however_its_text_is_escaped(api):
    """20,000 accented characters used to answer 413: escaped as `\\u00e9` they are 120 kB."""
    person = api.person()
    api.tags(*(f"{'t' * (TAG_MAX_LENGTH - 1)}{number}" for number in range(MAX_TAGS_PER_POST)))
    accented = {"kind": "insight", "title": "Accented all the way", "body": "é" * BODY_MAX_LENGTH}
    longest = {
        "kind": "challenge",
        "title": EMOJI * TITLE_MAX_LENGTH,
        "body": EMOJI * BODY_MAX_LENGTH,
        "account": EMOJI * ACCOUNT_MAX_LENGTH,
        "audience": "division",
        "needed_by": "2100-12-31",
        "tags": [f"{'t' * (TAG_MAX_LENGTH - 1)}{number}" for number in range(MAX_TAGS_PER_POST)],
    }
    for body, least_bytes in ((accented, 6 * BODY_MAX_LENGTH), (longest, 12 * BODY_MAX_LENGTH)):
        sent = json.dumps(body).encode()  # ensure_ascii, as the app sends it
        assert least_bytes < len(sent) <= MAX_REQUEST_BYTES
        response = person.client.post(
            "/api/v1/posts", data=sent, content_type="application/json", headers=person.headers
        )
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["body"] == body["body"]


def test_a_body_one_byte_over_the_request_limit_answers_413(api):
    person = api.person()
    skeleton = json.dumps({"kind": "insight", "title": "Exactly at the limit", "body": ""}).encode()
    at_limit = skeleton[:-2] + b"x" * (MAX_REQUEST_BYTES - len(skeleton)) + skeleton[-2:]
    assert len(at_limit) == MAX_REQUEST_BYTES

    def post(body: bytes):
        return person.client.post("/api/v1/posts", data=body, content_type="application/json", headers=person.headers)

    # Read and parsed: the body text is over its own limit.
    assert_error(post(at_limit), 422, mentions="body")
    over = at_limit[:-2] + b"x" + at_limit[-2:]
    assert_error(post(over), 413)
    assert_error(person.client.post("/api/v1/posts", data=over, content_type="text/plain", headers=person.headers), 413)


def test_list_endpoints_refuse_a_page_larger_than_the_maximum(api, world):  # noqa: F811  (the fixture above)
    admin = world
    listings = [
        (operation, input_field)
        for operation in operations(api.app)
        for input_field in operation.inputs
        if input_field.location == "query" and input_field.name == "limit"
    ]
    assert len(listings) >= 12
    failures = []
    for operation, input_field in listings:
        too_many = send(admin, operation, input_field, PAGE_MAX_LIMIT + 1)
        most = send(admin, operation, input_field, PAGE_MAX_LIMIT)
        if not names_field(too_many, input_field) or str(PAGE_MAX_LIMIT) not in too_many.get_json()["message"]:
            failures.append(f"{operation} limit={PAGE_MAX_LIMIT + 1} → {too_many.status_code}")
        if most.status_code != 200:
            failures.append(f"{operation} limit={PAGE_MAX_LIMIT} → {most.status_code} {most.get_json()}")
    assert failures == []


@pytest.fixture(scope="module", params=[1, 2], ids=["sync-worker", "threaded-worker"])
def served(request, tmp_path_factory):
    """The API under a real gunicorn with the deployed configuration, sync and threaded."""
    directory = tmp_path_factory.mktemp("api4")
    url = f"sqlite:///{directory / 'served.sqlite3'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    server = start_gunicorn(
        workers=1,
        config_file=GUNICORN_CONFIG,
        environment={
            "DATABASE_URL": url,
            "QUID_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
            "QUID_THREADS": str(request.param),
            "QUID_INSTANCE_PATH": str(directory / "instance"),
            "QUID_ACCESS_LOG": "",
        },
    )
    yield server
    server.stop()


def raw_exchange(server, request_bytes: bytes) -> tuple[int, dict | None]:
    """Send bytes as they are; the status and JSON body of the reply (None if not JSON)."""
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request_bytes)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = head.decode("latin-1").lower()
    return status, json.loads(body) if "content-type: application/json" in headers else None


def test_gunicorns_own_refusals_use_the_error_shape(served):
    """A request line past `limit_request_line`, a header past `limit_request_field_size`,
    too many headers, or bytes that are not HTTP: gunicorn refuses them before the app, as
    JSON now rather than an HTML page."""
    long_line = b"GET /api/v1/posts?q=" + b"a" * 9_000 + b" HTTP/1.1\r\nHost: quid\r\n\r\n"
    big_header = b"GET /api/v1/posts HTTP/1.1\r\nHost: quid\r\nX-Padding: " + b"a" * 9_000 + b"\r\n\r\n"
    many_headers = (
        b"GET /api/v1/posts HTTP/1.1\r\nHost: quid\r\n"
        + b"".join(b"X-Header-%d: 1\r\n" % number for number in range(150))
        + b"\r\n"
    )
    not_http = b"\x16\x03\x01 hello\r\n\r\n"
    raw_bytes = b"GET /api/v1/posts?q=a\xffb HTTP/1.1\r\nHost: quid\r\n\r\n"
    for request_bytes, code, mentions in (
        (long_line, 414, "8190 bytes"),
        (big_header, 431, "8190 bytes"),
        (many_headers, 431, "100 of them"),
        (not_http, 400, ""),
        (raw_bytes, 400, ""),
    ):
        status, body = raw_exchange(served, request_bytes)
        assert status == code and body is not None, (status, body)
        assert set(body) == {"code", "status", "message", "errors"} and body["code"] == code
        assert mentions in body["message"]
    # Within the limits the app answers, itself in the same shape.
    status, body = raw_exchange(
        served, b"GET /api/v1/posts?q=" + b"a" * 8_000 + b" HTTP/1.1\r\nHost: quid\r\nConnection: close\r\n\r\n"
    )
    assert status == 401 and body["code"] == 401


def test_a_chunked_body_over_the_limit_answers_413_from_the_real_server(served):
    """Without a Content-Length the limit applies while the body is read."""

    def chunks(total: int):
        sent = 0
        yield b'{"email": "someone@quid.example", "password": "'
        while sent < total:
            sent += 64 * 1024
            yield b"x" * (64 * 1024)
        yield b'"}'

    response = requests.post(
        f"{served.base_url}/api/v1/auth/login",
        data=chunks(MAX_REQUEST_BYTES),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413 and response.json()["code"] == 413
    small = requests.post(
        f"{served.base_url}/api/v1/auth/login", data=chunks(1), headers={"Content-Type": "application/json"}, timeout=30
    )
    assert small.status_code == 422 and "password" in small.json()["message"]
