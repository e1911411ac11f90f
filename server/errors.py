"""One JSON error shape for every failure: {code, status, message, errors}.

flask-smorest's handler already answers HTTP errors as JSON; this one also guarantees a
readable `message` (naming the fields at fault for validation errors) and turns anything
unexpected into the same shape with a 500.
"""

import logging

import marshmallow as ma
from flask_smorest import Api
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
    errors = ma.fields.Dict(required=True, metadata={
        "description": "Validation errors by location and field, e.g. {\"json\": {\"title\": [\"...\"]}}."})


class QuidApi(Api):
    """flask-smorest's Api with Quid's error shape."""

    ERROR_SCHEMA = ErrorSchema

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
        headers = data.get("headers") or {}
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
