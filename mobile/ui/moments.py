"""The API's timestamps as datetimes (no Kivy: pure helpers import this)."""

from datetime import datetime, timezone


def parse_timestamp(value: str | None) -> datetime | None:
    """An API timestamp (ISO 8601, UTC) as an aware datetime; None for none."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
