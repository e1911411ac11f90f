"""Login throttling: after too many failures for one email, wait before trying again.

Attempts are stored in the database, so every gunicorn worker sees the same count.
"""

from datetime import timedelta

from flask import current_app
from flask_smorest import abort
from sqlalchemy import delete, func, select

from server.auth.models import LoginAttempt
from server.common.clock import utcnow
from server.extensions import db


def refuse_if_throttled(*, email: str) -> None:
    """429 with Retry-After when `email` has failed too often within the window."""
    window = timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    since = utcnow() - window
    failures = db.session.execute(
        select(func.count(), func.min(LoginAttempt.attempted_at)).where(
            LoginAttempt.email == email,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= since,
        )
    ).one()
    count, oldest = failures
    if count >= current_app.config["LOGIN_MAX_FAILURES"]:
        retry_after = max(1, int((oldest + window - utcnow()).total_seconds()) + 1)
        abort(429, message=f"Too many failed sign-ins for this account; try again in "
                           f"{(retry_after + 59) // 60} minute(s).",
              headers={"Retry-After": str(retry_after)})


def record_attempt(*, email: str, address: str | None, succeeded: bool) -> None:
    """Remember an attempt; a success clears the failures that came before it."""
    if succeeded:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.add(LoginAttempt(email=email, address=address, succeeded=succeeded,
                                attempted_at=utcnow()))


def prune_old_attempts(*, now) -> int:
    """Delete attempts older than a day; returns how many went."""
    return db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.attempted_at < now - timedelta(days=1))
    ).rowcount
