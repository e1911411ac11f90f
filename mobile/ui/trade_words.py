"""How a trade's dates and phrases read (no Kivy here: testable alone)."""

from mobile.ui.moments import parse_timestamp


def sentence(text: str) -> str:
    """The text with its first letter capitalised and the rest left alone."""
    return text[:1].upper() + text[1:]


def when_text(moment: str | None) -> str:
    """A timestamp as a local date and time, for dues and deliveries."""
    parsed = parse_timestamp(moment)
    return parsed.astimezone().strftime("%a %d %b %Y, %H:%M") if parsed else ""
