"""gunicorn workers whose own refusals answer in the API's one JSON error shape.

gunicorn refuses some requests before the app sees them: a request line longer than
`limit_request_line` (414), headers beyond `limit_request_field_size` or
`limit_request_fields` (431), bytes that are not HTTP (400). It answers those with an HTML
page; these workers let gunicorn decide and log as it always does, then send the same
status as `{code, status, message, errors}`. deploy/gunicorn.conf.py picks the one that
matches its `threads`.
"""

import json

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from server.errors import error_payload


class CapturedReply:
    """Stands in for the client's socket while gunicorn writes its error page, so that its
    status can be read from what it would have sent."""

    def __init__(self):
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0

    def setblocking(self, flag) -> None:
        pass

    def sendall(self, data: bytes) -> None:
        self.data += data

    def status(self) -> int:
        """The status code of the reply's status line (500 if there is none)."""
        parts = self.data.split(b"\r\n", 1)[0].split()
        return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 500


class JsonErrorsMixin:
    """Sends gunicorn's own error replies as JSON."""

    def handle_error(self, req, client, addr, exc):
        reply = CapturedReply()
        super().handle_error(req, reply, addr, exc)
        try:
            util.write_nonblock(client, json_error_reply(reply.status(), self.cfg))
        except Exception:
            self.log.debug("Failed to send error message.")


def error_message(code: int, cfg) -> str:
    """What went wrong, in plain words, with the limit that was passed where there is one."""
    if code == 414:
        return f"The request line (method, path and query) is longer than {cfg.limit_request_line} bytes."
    if code == 431:
        return (
            f"The request headers are too large: at most {cfg.limit_request_fields} of them, each "
            f"up to {cfg.limit_request_field_size} bytes."
        )
    return http_error(code).description


def http_error(code: int) -> HTTPException:
    """Werkzeug's exception for `code`, whose name and description the app's errors use too."""
    return default_exceptions.get(code, InternalServerError)()


def json_error_reply(code: int, cfg) -> bytes:
    """A complete HTTP/1.1 reply carrying the error shape for `code`; the connection closes."""
    name = http_error(code).name
    body = json.dumps(error_payload(code, name, error_message(code, cfg))).encode()
    head = (
        f"HTTP/1.1 {code} {name}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class SyncWorkerWithJsonErrors(JsonErrorsMixin, SyncWorker):
    """gunicorn's sync worker (one request at a time), its errors as JSON."""


class ThreadWorkerWithJsonErrors(JsonErrorsMixin, ThreadWorker):
    """gunicorn's threaded worker (`threads` > 1), its errors as JSON."""
