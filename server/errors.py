"""One JSON error shape for every failure: {code, status, message, errors}.

flask-smorest's handler already answers HTTP errors as JSON; this one also guarantees a
readable `message` (naming the fields at fault for validation errors) and turns anything
unexpected into the same shape with a 500.
"""

import http
import logging

import marshmallow as ma
from apispec import BasePlugin
from flask_smorest import Api
from marshmallow import validate
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

CONFLICT_MESSAGE = "This conflicts with a change made at the same moment; try again."
LOCATION_NAMES = {"json": "body", "query": "query", "form": "form", "headers": "header", "view_args": "path"}


def describe_field_errors(errors: dict) -> str:
    """A one-line summary such as 'title: Shorter than minimum length 8.' for validation errors."""
    parts = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path + [str(key)])
        elif isinstance(node, list) and all(isinstance(item, str) for item in node):
            parts.append(f"{'.'.join(path) or 'request'}: {' '.join(node).rstrip('.')}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, path + [str(index)])
        else:
            parts.append(f"{'.'.join(path) or 'request'}: {str(node).rstrip('.')}")

    for location, location_errors in errors.items():
        # Drop the parser's location level ("json", "query") from field names.
        if location in LOCATION_NAMES and isinstance(location_errors, dict):
            walk(location_errors, [])
        else:
            walk(location_errors, [location])
    return "; ".join(parts) + "."


def error_payload(code: int, status: str, message: str, errors: dict | None = None) -> dict:
    """The body every error response carries."""
    return {"code": code, "status": status, "message": message, "errors": errors or {}}


class ErrorSchema(ma.Schema):
    """Every failure: the HTTP status, its reason, a readable message and per-field errors."""

    code = ma.fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    status = ma.fields.String(required=True, metadata={"description": "The HTTP reason phrase."})
    message = ma.fields.String(required=True, metadata={"description": "What went wrong, in plain words."})
    errors = ma.fields.Dict(
        required=True,
        metadata={"description": 'Validation errors by location and field, e.g. {"json": {"title": ["..."]}}.'},
    )


class ErrorResponsesPlugin(BasePlugin):
    """Adds to every operation of the OpenAPI document the error statuses that the app's own
    machinery answers for it, whatever its view does: the one place they are declared.

    - 413 to every request: a body over MAX_REQUEST_BYTES is refused before any view runs
      (server.refuse_oversized_body), whatever the method;
    - 400 where a JSON body is read: one that is not JSON, or nested too deep;
    - 422 where anything is read from the query, the body or a header: input the schema refuses;
    - 404 where the path names something: an id beyond the ones the database holds matches no
      route (server.common.routing), and a valid one may name nothing.

    What a view decides itself (401 and 403 from its guard, 409, 429) its decorators declare
    (server.common.access, server.common.documentation.error_responses). There is no blanket
    `default` response: each operation lists exactly what it answers.
    """

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            codes = [413]
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                codes.append(400)
            if body or operation.get("parameters"):
                codes.append(422)
            if "{" in (path or ""):
                codes.append(404)
            for code in codes:
                responses.setdefault(str(code), http.HTTPStatus(code).name)


def exclusive_range(converter, field, ret=None, **kwargs) -> dict:
    """`exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0's booleans) for a Range that leaves
    out its bound, which apispec would otherwise document as an inclusive one."""
    attributes = {}
    for validator in field.validators:
        if isinstance(validator, validate.Range):
            if validator.min is not None and not validator.min_inclusive:
                attributes["exclusiveMinimum"] = True
            if validator.max is not None and not validator.max_inclusive:
                attributes["exclusiveMaximum"] = True
    return attributes


class QuidApi(Api):
    """flask-smorest's Api with Quid's error shape, and an OpenAPI document that declares per
    operation the statuses it answers (ErrorResponsesPlugin) instead of a blanket `default`."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _init_spec(self, *, extra_plugins=None, **options):
        super()._init_spec(extra_plugins=[*(extra_plugins or ()), ErrorResponsesPlugin()], **options)
        self.ma_plugin.converter.add_attribute_function(exclusive_range)

    def _register_error_handlers(self):
        super()._register_error_handlers()
        self._app.register_error_handler(Exception, self.handle_unexpected_exception)

    def handle_http_exception(self, error: HTTPException):
        """Answer an HTTP error (abort, validation, routing) in the one error shape."""
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages") or {}
        message = data.get("message")
        if not message and errors:
            message = "Invalid input: " + describe_field_errors(errors)
        if not message:
            message = error.description or error.name
        # What the exception itself says in headers, such as a 405's `Allow` (the methods
        # the path does answer); the body is ours, so not its Content-Type.
        headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
        headers.update(data.get("headers") or {})
        return error_payload(error.code, error.name, message, errors), error.code, headers

    def handle_unexpected_exception(self, error: Exception):
        """A bug: log it with its traceback and answer a 500 without leaking details."""
        if isinstance(error, HTTPException):
            return self.handle_http_exception(error)
        if isinstance(error, IntegrityError):
            # Two requests raced for the same unique row (say, undoing one use twice at
            # once): the loser's transaction is rolled back and the person can retry.
            log.info("Integrity conflict answered with 409: %s", error.orig)
            return error_payload(409, "Conflict", CONFLICT_MESSAGE), 409
        log.exception("Unhandled error", exc_info=error)
        server_error = InternalServerError()
        return (
            error_payload(500, server_error.name, "Something went wrong on our side; it has been logged."),
            500,
        )
