"""The pages the system browser shows during single sign-on.

They are the only HTML Quid serves. A browser gets the page; any other client (the tests,
a script) asking the same address gets the API's JSON, errors in the one error shape.
Every page forbids framing (the confirmation button must not be clickjacked), caching and
referrers (the callback address carries the provider's code).
"""

from flask import Response, render_template, request
from werkzeug.exceptions import HTTPException

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def wants_html() -> bool:
    """Whether the caller is a browser (it prefers HTML to JSON)."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def page(name: str, *, status: int = 200, **context) -> Response:
    """A page rendered from templates/single_sign_on/<name>.html with the security headers."""
    response = Response(render_template(f"single_sign_on/{name}.html", **context), status=status, mimetype="text/html")
    response.headers.update(SECURITY_HEADERS)
    return response


def problem_page(error: HTTPException) -> Response:
    """An error for a person in a browser: the same message the JSON error would carry."""
    data = getattr(error, "data", None) or {}
    message = data.get("message") or error.description or error.name
    return page(
        "problem",
        status=error.code,
        title="Sign-in did not work",
        message=message,
        code=error.code,
        status_name=error.name,
    )
