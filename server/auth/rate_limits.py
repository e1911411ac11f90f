"""A ceiling on requests that make the server hash a password, per client address.

Argon2 is slow and memory-hungry on purpose, so a client that keeps the server hashing is a
denial of service even when every guess fails. `PASSWORD_RATE_LIMIT` (30 per minute, a moving
window) is shared by the password views: failed sign-ins and failed joins that ran argon2
count (a person signing in or joining rarely fails; a body refused before any hashing costs
nothing and does not), and every self sign-up counts, since its answer never says whether
it did anything. Flask-Limiter keeps the counts in Redis when `REDIS_URL` is set,
so all gunicorn workers share one count; otherwise each worker counts in its own memory and a
client gets up to the limit once per worker. The failed-sign-in throttle
(server.auth.throttle) stays exact either way: it counts in the database.
"""

import math
import time

from flask import current_app, g
from flask_limiter import RateLimitExceeded

from server.errors import error_payload
from server.extensions import limiter

SCOPE = "password-hashing"


def configured_limit() -> str:
    return current_app.config["PASSWORD_RATE_LIMIT"]


def refused_after_hashing(response) -> bool:
    """Whether a password request failed once it had made the server run argon2
    (server.auth.passwords marks the request when it does)."""
    return g.get("password_hashed", False) and 400 <= response.status_code < 500 and response.status_code != 429


counting_failures = limiter.shared_limit(configured_limit, scope=SCOPE, deduct_when=refused_after_hashing)
counting_every_request = limiter.shared_limit(configured_limit, scope=SCOPE)


def too_many_password_requests(error: RateLimitExceeded):
    """429 in the one error shape, with `Retry-After` (seconds until the window lets one in)."""
    current = limiter.current_limit
    window = error.limit.limit.get_expiry()
    # reset_at is rounded up to a whole second; the wait is never longer than the window.
    retry_after = min(window, max(1, math.ceil(current.reset_at - time.time()))) if current else window
    body = error_payload(
        429,
        "Too Many Requests",
        f"Too many sign-in requests from your address; wait {retry_after} second(s) before trying again.",
    )
    return body, 429, {"Retry-After": str(retry_after)}


def init_app(app) -> None:
    """Bind the limiter to `app` and answer its refusals in the one error shape."""
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_password_requests)
