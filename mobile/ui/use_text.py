"""How the uses of a contribution read to its author: who used it, how it helped, and what
every use adds up to (GET /posts/{id}/uses and /answers/{id}/uses). No Kivy here."""

from mobile.ui.moments import parse_timestamp
from shared.limits import MAX_HOURS_SAVED, USE_NOTE_MAX_LENGTH
from shared.wording import plural


def hours_text(hours: float) -> str:
    """'2.5 hours', '1 hour', '3 hours' (no trailing '.0')."""
    value = round(float(hours), 1)
    number = f"{value:g}"
    return f"{number} hour{'' if value == 1 else 's'}"


def use_value_text(use: dict) -> str:
    """What one use says it was worth: 'Saved 2.5 hours · Influenced a deal', or ''."""
    parts = []
    if use.get("hours_saved"):
        parts.append(f"Saved {hours_text(use['hours_saved'])}")
    if use.get("deal_influenced"):
        parts.append("Influenced a deal")
    return " · ".join(parts)


def uses_totals_text(totals: dict) -> str:
    """'Used by 3 people · 3.5 hours saved · 2 deals influenced' (nothing about what is zero);
    'Nobody has used this yet' before the first use."""
    uses = int(totals.get("uses") or 0)
    if not uses:
        return "Nobody has used this yet"
    parts = [f"Used by {plural(uses, 'person', 'people')}"]
    if totals.get("hours_saved"):
        parts.append(f"{hours_text(totals['hours_saved'])} saved")
    if totals.get("deals_influenced"):
        parts.append(f"{plural(int(totals['deals_influenced']), 'deal')} influenced")
    return " · ".join(parts)


def used_by_button_text(count: int) -> str:
    """The author's way in to who used their insight or answer: 'Used by 3' (short enough
    for a third of a phone's width, beside an answer's other actions)."""
    return f"Used by {count}"


def use_byline(use: dict) -> str:
    """'Field Sales South · 2026-11-10': who they are and when they used it (a date, since a
    list of uses is read days later)."""
    user = use.get("user") or {}
    moment = parse_timestamp(use.get("created_at"))
    return " · ".join(
        filter(
            None,
            [(user.get("division") or {}).get("name", ""), moment.astimezone().date().isoformat() if moment else ""],
        )
    )


def check_use(note: str, hours_text: str) -> tuple[dict, dict[str, str]]:
    """The "I used this" body for the dialog's fields, and a message per field at fault.

    The limits of server/uses/schemas.py: a note, and hours above 0 up to MAX_HOURS_SAVED.
    """
    errors = {}
    use = {"note": note.strip()}
    if not use["note"]:
        errors["note"] = "Say in a few words how it helped."
    elif len(use["note"]) > USE_NOTE_MAX_LENGTH:
        errors["note"] = f"Keep the note under {USE_NOTE_MAX_LENGTH + 1:,} characters."
    hours_text = hours_text.strip().replace(",", ".")
    if hours_text:
        try:
            hours = float(hours_text)
        except ValueError:
            hours = None
        if hours is None or not 0 < hours <= MAX_HOURS_SAVED:
            errors["hours_saved"] = f"Hours saved is a number above 0, up to {MAX_HOURS_SAVED:,}."
        else:
            use["hours_saved"] = hours
    return use, errors
