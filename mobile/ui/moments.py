"""The API's timestamps as datetimes, and how long ago a moment was in words (no Kivy: pure
helpers import this)."""

from datetime import UTC, datetime


def parse_timestamp(value: str | None) -> datetime | None:
    """An API timestamp (ISO 8601, UTC) as an aware datetime; None for none."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def ago(moment: datetime, *, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 d ago', or the date for older times."""
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)} d ago"
    return moment.date().isoformat()


def saved_ago(fetched_at: float, *, now: datetime | None = None) -> str:
    """When something kept on the phone was fetched (a time.time()): 'saved 12 min ago'."""
    moment = datetime.fromtimestamp(fetched_at, tz=UTC)
    words = ago(moment, now=now)
    return f"saved {words}" if "ago" in words or words == "just now" else f"saved on {words}"
