"""The current time, in one place, so that tests and sweeps can run at a chosen moment."""

import time
from datetime import UTC, datetime

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Now, as an aware UTC datetime; `QUID_FROZEN_NOW` in the config fixes it (tests)."""
    if has_app_context():
        frozen = current_app.config.get("QUID_FROZEN_NOW")
        if frozen is not None:
            return frozen
    return datetime.now(UTC)


def wall_clock_seconds() -> float:
    """Now by the real clock, in seconds since the epoch: what token lifetimes are measured by.

    `QUID_FROZEN_NOW` does not apply: flask-jwt-extended stamps tokens and PyJWT checks them
    by the real clock, so a token the worker already verified is judged by it too (a test
    that freezes the firm's clock a month ahead keeps its tokens). Tests move it by patching.
    """
    return time.time()


def monotonic_seconds() -> float:
    """Seconds by a clock that never goes back, for how long something has been kept (the
    wall clock can jump). Tests move it by patching."""
    return time.monotonic()
