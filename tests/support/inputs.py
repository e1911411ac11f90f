"""The API's inputs, found from its URL map and its argument schemas rather than a hand
list that would go stale: every operation, the ids in its path, and every field of its
body, query string and form, nested fields included.

Tests send one hostile value to one field at a time (`send`) and check that the answer
names that field (`names_field`).
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from marshmallow import Schema, fields

HOSTILE_TEXT = "\x01hostile\x01"
REQUIRED_QUERY_TEXT = "word"


@dataclass(frozen=True)
class InputField:
    """One field of an operation's input: where it goes (json, query or form), its dotted
    name (`ask.due`), the marshmallow field, and whether it is the item of a list."""

    location: str
    name: str
    field: fields.Field
    list_item: bool = False


@dataclass(frozen=True)
class Operation:
    """One method of one URL rule and its input fields."""

    method: str
    rule: str
    path_arguments: tuple[str, ...]
    inputs: tuple[InputField, ...]

    def path(self, **values) -> str:
        """The rule's path with each id `values` gives (1 for the others)."""
        path = self.rule
        for argument in self.path_arguments:
            path = re.sub(rf"<[^>:]+:{argument}>|<{argument}>", str(values.get(argument, 1)), path)
        return path

    def __str__(self) -> str:
        return f"{self.method} {self.rule}"


def operations(app) -> list[Operation]:
    """Every API operation of `app` (not its docs or static files)."""
    found = []
    for rule in app.url_map.iter_rules():
        view_class = getattr(app.view_functions[rule.endpoint], "view_class", None)
        if view_class is None or not rule.rule.startswith("/api/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            view = getattr(view_class, method.lower(), None)
            if view is None:
                continue
            inputs = []
            for parameter in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
                schema = parameter["schema"]
                schema = schema() if isinstance(schema, type) else schema
                inputs.extend(fields_of(schema, location=parameter["in"]))
            found.append(Operation(method, rule.rule, tuple(sorted(rule.arguments)), tuple(inputs)))
    return found


def fields_of(schema: Schema, *, location: str, prefix: str = "") -> list[InputField]:
    """The fields a client may send to `schema`, nested ones by their dotted names."""
    found = []
    for name, field in schema.fields.items():
        if field.dump_only:
            continue
        dotted = prefix + (field.data_key or name)
        found.append(InputField(location, dotted, field))
        if isinstance(field, fields.Nested):
            found.extend(fields_of(field.schema, location=location, prefix=dotted + "."))
        elif isinstance(field, fields.List):
            found.append(InputField(location, dotted, field.inner, list_item=True))
    return found


def value_at(input_field: InputField, value):
    """A body carrying `value` in `input_field` and nothing else."""
    if input_field.list_item:
        value = [value]
    for part in reversed(input_field.name.split(".")):
        value = {part: value}
    return value


def send(
    person,
    operation: Operation,
    input_field: InputField,
    value=None,
    *,
    raw: bytes | None = None,
    path_values: dict | None = None,
    headers: dict | None = None,
):
    """`person` calls `operation` with `value` in `input_field`.

    `raw`: bytes sent as they are instead: inside the JSON string of a body field, or as the
    field's value in a query string or form (already percent-encoded).
    """
    path = "/api/v1" + operation.path(**(path_values or {})).removeprefix("/api/v1")
    headers = {**person.headers, **(headers or {})}
    client = person.client
    if input_field.location == "json":
        if raw is None:
            return client.open(path, method=operation.method, json=value_at(input_field, value), headers=headers)
        body = (
            json.dumps(value_at(input_field, HOSTILE_TEXT))
            .encode()
            .replace(json.dumps(HOSTILE_TEXT).encode()[1:-1], raw)
        )
        return client.open(path, method=operation.method, data=body, content_type="application/json", headers=headers)
    encoded = raw if raw is not None else quote(str(value), safe="").encode()
    pair = quote(input_field.name).encode() + b"=" + encoded
    if input_field.location == "query":
        # The other required query fields (search's `q`) get a plain value, so that the
        # answer is about the field under test.
        for other in operation.inputs:
            if other.location == "query" and other.field.required and other.name != input_field.name:
                pair += b"&" + quote(other.name).encode() + b"=" + REQUIRED_QUERY_TEXT.encode()
        # As a server hands it on: WSGI carries the query's bytes as Latin-1.
        return client.open(
            path, method=operation.method, headers=headers, environ_overrides={"QUERY_STRING": pair.decode("latin-1")}
        )
    if input_field.location == "form":
        return client.open(
            path, method=operation.method, data=pair, content_type="application/x-www-form-urlencoded", headers=headers
        )
    raise ValueError(f"no way to send {input_field.location} input")


def names_field(response, input_field: InputField) -> bool:
    """Whether `response` is a 422 in the error shape whose message names `input_field`."""
    body = response.get_json(silent=True) or {}
    message = body.get("message", "")
    return (
        response.status_code == 422
        and set(body) == {"code", "status", "message", "errors"}
        and re.search(rf"(Invalid input: |; ){re.escape(input_field.name)}(\.0)?: ", message) is not None
    )


def is_text(field: fields.Field) -> bool:
    """Whether the field's value is a JSON string (text, a choice, a date)."""
    return isinstance(field, (fields.String, fields.Enum, fields.Date, fields.DateTime))
