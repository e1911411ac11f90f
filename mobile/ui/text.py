"""Turning data into the text labels show; user text is always escaped for markup labels.

A markup label interprets `[b]`, `[ref=…]`, `[size=…]`; someone typing those into a post
must see them literally, never restyle the screen or plant a clickable reference.
"""

from datetime import date, datetime

from kivy.utils import escape_markup

from mobile.ui.moments import ago, parse_timestamp
from shared.enums import PostKind
from shared.wording import plural  # noqa: F401  (the app's screens import it from here)

POST_KIND_NAMES = {PostKind.CHALLENGE.value: "Challenge", PostKind.INSIGHT.value: "Insight"}


def post_kind_name(kind: str | None) -> str:
    """'Challenge' or 'Insight' ('Post' for anything else)."""
    return POST_KIND_NAMES.get(kind, "Post")


def safe(text) -> str:
    """User text made literal for a markup label (None becomes empty)."""
    return escape_markup("" if text is None else str(text))


def bold(text) -> str:
    """User text, escaped, in bold."""
    return f"[b]{safe(text)}[/b]"


def coloured(text, hex_colour: str) -> str:
    """User text, escaped, in a colour such as '5B6573'."""
    return f"[color={hex_colour}]{safe(text)}[/color]"


def time_ago(value: str | None, *, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 d ago', or the date for older times."""
    moment = parse_timestamp(value)
    return "" if moment is None else ago(moment, now=now)


def due_text(value: str | None, *, today: date | None = None) -> str:
    """'due today', 'due in 3 days', '2 days overdue', or 'no date (I owe you one)'."""
    moment = parse_timestamp(value)
    if moment is None:
        return "no date (I owe you one)"
    # Both sides in the phone's time zone: a promise due at 23:00 UTC is due "today" in Lisbon.
    days = (moment.astimezone().date() - (today or date.today())).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 1:
        return f"due in {days} days"
    return f"{-days} day{'s' if days < -1 else ''} overdue"
