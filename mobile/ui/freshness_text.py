"""What an insight's freshness looks like in words: the out-of-date mark, the retired date,
the note a colleague sends to say it is out of date, and what an author's update sends.

Pure functions over the API's `freshness` object (no Kivy), so they are tested without a
window. The server words the reason ("not verified for 120 days"); the app only frames it.
"""

from mobile.ui.moments import parse_timestamp
from shared.freshness import OUTDATED_NOTE_MAX_LENGTH
from shared.limits import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH


def day_text(value: str | None) -> str:
    """'7 Dec 2026' in the phone's time zone ('' for none): unambiguous whatever the locale."""
    moment = parse_timestamp(value)
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y}"


def freshness_mark(freshness: dict | None) -> str:
    """The mark an insight carries: 'Retired on 7 Dec 2026', 'May be out of date — <reason>',
    or '' for a fresh insight and for a challenge (whose freshness is null)."""
    if not freshness:
        return ""
    if freshness.get("retired_at"):
        return f"Retired on {day_text(freshness['retired_at'])}"
    if freshness.get("may_be_out_of_date"):
        reason = " ".join((freshness.get("reason") or "").split())
        return f"May be out of date — {reason}" if reason else "May be out of date"
    return ""


def verified_text(freshness: dict | None) -> str:
    """'Verified by its author on 7 Dec 2026' for a fresh, live insight; '' otherwise."""
    if not freshness or freshness.get("retired_at") or freshness.get("may_be_out_of_date"):
        return ""
    day = day_text(freshness.get("verified_at"))
    return f"Verified by its author on {day}" if day else ""


def is_live_insight(freshness: dict | None) -> bool:
    """Whether verifying, updating, retiring or reporting it still makes sense (not retired)."""
    return freshness is not None and not freshness.get("retired_at")


def check_outdated_note(note: str) -> tuple[str, str]:
    """The note for 'Out of date?', trimmed, and what is wrong with it ('' when nothing)."""
    note = note.strip()
    if not note:
        return note, "Say what changed, so the author can fix it."
    if len(note) > OUTDATED_NOTE_MAX_LENGTH:
        return note, f"Keep the note under {OUTDATED_NOTE_MAX_LENGTH + 1:,} characters."
    return note, ""


def check_update(title: str, body: str, *, old_title: str, old_body: str) -> tuple[dict, dict[str, str]]:
    """The PATCH body (only the fields that changed) and a message per field at fault."""
    errors, changes = {}, {}
    title = " ".join(title.split())
    if not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
        errors["title"] = f"A title of {TITLE_MIN_LENGTH} to {TITLE_MAX_LENGTH} characters."
    elif title != old_title:
        changes["title"] = title
    if not body.strip():
        errors["body"] = "Say what is true now."
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = f"Keep it under {BODY_MAX_LENGTH + 1:,} characters."
    elif body != old_body:
        changes["body"] = body
    if not errors and not changes:
        errors["body"] = "Change the title or the text; if it is all still true, use “Still true”."
    return changes, errors
