"""Request bodies larger than MAX_REQUEST_BYTES, for the few views that take files.

Every body is refused over MAX_REQUEST_BYTES before any view runs (server.refuse_oversized_body);
a view that takes a file declares its own limit with `body_limit`, and the 413 for a body
over it says what that limit is in the person's terms.
"""

from flask import current_app, request


def body_limit(max_bytes: int, *, message: str):
    """Let a view take bodies up to `max_bytes`; `message` explains a refusal."""

    def decorate(view):
        view.quid_body_limit = (max_bytes, message)
        return view

    return decorate


def request_body_limit() -> tuple[int, str | None]:
    """The largest body this request may carry, and the message of its 413 (None: the usual)."""
    view_function = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    view_class = getattr(view_function, "view_class", None)
    method = getattr(view_class, request.method.lower(), None) if view_class else view_function
    limit = getattr(method, "quid_body_limit", None)
    if limit is None:
        return current_app.config["MAX_CONTENT_LENGTH"], None
    return limit
