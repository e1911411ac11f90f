"""Moderation in words: flag reasons to pick from, a flag's outcome, hidden content's mark,
and the admin queue's rows.

Pure functions (no Kivy): the reasons and their labels come from shared/moderation.py, the
one list the server validates against, so the app never offers a reason the server refuses.
"""

from shared.limits import FLAG_NOTE_MAX_LENGTH, MODERATION_NOTE_MAX_LENGTH
from shared.moderation import REASON_LABELS, REASONS_NEEDING_A_NOTE, FlagReason, FlagState

FLAGGED_TEXT = "Flagged — an admin will look"
ANSWER_FLAGGED_TEXT = "Answer flagged — an admin will look"
FLAG_WAITING_TEXT = "Flag waiting to send"

STATE_WORDS = {
    FlagState.OPEN.value: "Open — an admin will look",
    FlagState.UPHELD.value: "Upheld — an admin hid it",
    FlagState.DISMISSED.value: "Dismissed — it stays up",
}

# The admin queue's views: what the chooser says, and the API's flag state.
QUEUE_VIEWS = {
    "Waiting": FlagState.OPEN.value,
    "Hidden": FlagState.UPHELD.value,
    "Dismissed": FlagState.DISMISSED.value,
}


def reason_choices() -> list[tuple[str, str]]:
    """(value, label) for each reason, in shared/moderation.py's order."""
    return [(reason.value, REASON_LABELS[reason]) for reason in FlagReason]


def reason_label(reason: str | None) -> str:
    """'Spam', 'Customer data that should not be shared'; the raw value for an unknown one."""
    try:
        return REASON_LABELS[FlagReason(reason)]
    except ValueError:
        return str(reason or "")


def check_flag(reason: str, note: str) -> tuple[dict, dict[str, str]]:
    """The flag's body, and a message per field at fault (`reason`, `note`)."""
    errors = {}
    note = note.strip()
    if reason not in {choice.value for choice in FlagReason}:
        errors["reason"] = "Pick what is wrong."
    elif reason in REASONS_NEEDING_A_NOTE and not note:
        errors["note"] = "Say what is wrong: “Something else” needs a note."
    if len(note) > FLAG_NOTE_MAX_LENGTH:
        errors["note"] = f"Keep the note under {FLAG_NOTE_MAX_LENGTH + 1:,} characters."
    body = {"reason": reason}
    if note:
        body["note"] = note
    return body, errors


def check_hide_note(note: str) -> tuple[str, str]:
    """An admin's reason for hiding (its author reads it), and what is wrong with it."""
    note = " ".join(note.split())
    if not note:
        return note, "Say why: its author reads this."
    if len(note) > MODERATION_NOTE_MAX_LENGTH:
        return note, f"Keep it under {MODERATION_NOTE_MAX_LENGTH + 1:,} characters."
    return note, ""


def hidden_mark(thing: dict | None) -> str:
    """'Hidden by an admin: <their note>' for hidden content its author (or an admin) sees."""
    if not thing or not thing.get("hidden_at"):
        return ""
    reason = " ".join((thing.get("hidden_reason") or "").split())
    return f"Hidden by an admin: {reason}" if reason else "Hidden by an admin"


def flag_state_text(state: str | None) -> str:
    return STATE_WORDS.get(state or "", str(state or ""))


def my_flag_row(flag: dict) -> dict:
    """One row of My flags: what was flagged, why, and how it ended."""
    item = flag.get("item") or {}
    what = "An answer on" if item.get("type") == "answer" else "Post:"
    title = item.get("title") or "a post you can no longer see"
    reason = reason_label(flag.get("reason"))
    if flag.get("note"):
        reason += f" — {' '.join(flag['note'].split())}"
    return {
        "flag_id": flag.get("id") or 0,
        "post_id": item.get("post_id") or 0,
        "title_text": f"{what} {title}",
        "reason_text": reason,
        "state": flag.get("state") or "",
        "state_text": flag_state_text(flag.get("state")),
    }


def reasons_text(reasons: list[dict]) -> str:
    """'Spam ×2, Something else' (most given first, as the server sends them)."""
    parts = []
    for entry in reasons or []:
        label = reason_label(entry.get("reason"))
        count = entry.get("count", 1)
        parts.append(f"{label} ×{count}" if count > 1 else label)
    return ", ".join(parts)


def queue_row(item: dict, state: str = FlagState.OPEN.value) -> dict:
    """One row of the admin queue (showing flags in `state`): the content, its author, how
    often and why it was flagged, and which decisions fit it: hide while it is up, dismiss
    while flags are open and it is up, restore once hidden."""
    content = item.get("content") or {}
    author = (content.get("author") or {}).get("display_name", "")
    is_answer = content.get("type") == "answer"
    count = item.get("flag_count", 0)
    hidden = bool(content.get("hidden_at"))
    deleted = bool(content.get("deleted"))
    notes = [" ".join(flag["note"].split()) for flag in item.get("flags") or [] if flag.get("note")]
    status = "Deleted by its author" if deleted else hidden_mark(content) if hidden else ""
    return {
        "content_type": content.get("type") or "post",
        "post_id": content.get("post_id") or 0,
        "answer_id": content.get("answer_id") or 0,
        "title_text": (f"Answer on: {content.get('title') or ''}" if is_answer else content.get("title") or ""),
        "excerpt_text": " ".join((content.get("excerpt") or "").split()),
        "author_text": f"by {author}" if author else "",
        "flags_text": f"{count} flag{'s' if count != 1 else ''}: {reasons_text(item.get('reasons'))}",
        "notes_text": "“" + "”  “".join(notes) + "”" if notes else "",
        "status_text": status,
        "can_hide": not hidden and not deleted,
        "can_dismiss": not hidden and state == FlagState.OPEN.value,
        "can_restore": hidden and not deleted,
    }
