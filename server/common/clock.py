"""The current time, in one place, so that tests and sweeps can run at a chosen moment."""

from datetime import UTC, datetime

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Now, as an aware UTC datetime; `QUID_FROZEN_NOW` in the config fixes it (tests)."""
    if has_app_context():
        frozen = current_app.config.get("QUID_FROZEN_NOW")
        if frozen is not None:
            return frozen
    return datetime.now(UTC)
