"""Search results' titles and snippets as markup: every segment escaped, matches highlighted.

The server marks which words of a title or snippet matched (`[{"text", "match"}]`); the
text itself is user text, so each segment goes through `safe()` before any markup is put
around it.
"""

from mobile.ui.text import safe

# Bold and in the app's primary colour: visible on the white result card without a background.
MATCH_HEX = "0F766E"


def highlighted(segments: list[dict] | None, *, match_hex: str = MATCH_HEX) -> str:
    """Segments joined as markup: plain ones escaped, `match` ones escaped, bold and coloured."""
    parts = []
    for segment in segments or []:
        text = safe(segment.get("text", ""))
        if segment.get("match") and text:
            parts.append(f"[b][color={match_hex}]{text}[/color][/b]")
        else:
            parts.append(text)
    return "".join(parts)


def plain(segments: list[dict] | None) -> str:
    """The segments' text without marks (for tests and for labels without markup)."""
    return "".join(segment.get("text", "") for segment in segments or [])
