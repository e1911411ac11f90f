"""How a person's trust reads on screen, for profiles and trade parties alike.

In words, not as a score: "kept 3 of 4 promises on time", and "no promises yet" for someone
who never settled one (the formula starts everyone at 0.5, which reads like a verdict).
No Kivy here: the wording is testable on its own.
"""

from shared.wording import plural

TRUST_BAND_NAMES = {"new": "New", "reliable": "Reliable", "mixed": "Mixed", "unreliable": "Unreliable"}
NO_PROMISES_YET = "No promises yet"


def trust_band_name(band: str) -> str:
    """'Reliable' for 'reliable'; an unknown band capitalised."""
    return TRUST_BAND_NAMES.get(band, band.capitalize())


def promises_kept(trust: dict) -> str:
    """'Kept 3 of 4 promises on time' over the settled promises, or 'No promises yet'."""
    settled = int(trust.get("settled") or 0)
    if not settled:
        return NO_PROMISES_YET
    return f"Kept {int(trust.get('on_time') or 0)} of {plural(settled, 'promise')} on time"


def trust_summary(trust: dict) -> str:
    """'Kept 3 of 4 promises on time · 1 late · circle of 2 people': the late and broken ones
    and the circle when the figures include them (GET /users/{id}/trust does)."""
    parts = [promises_kept(trust)]
    if trust.get("settled"):
        for key in ("late", "broken"):
            if trust.get(key):
                parts.append(f"{int(trust[key])} {key}")
    if "circle_size" in trust:
        parts.append(f"circle of {plural(int(trust['circle_size']), 'person', 'people')}")
    return " · ".join(parts)


def trust_line(trust: dict) -> str:
    """The band and the words together, as beside a name on a trade: 'Reliable · Kept 3 of 4
    promises on time'; 'New · No promises yet'."""
    return f"{trust_band_name(trust.get('band') or 'new')} · {trust_summary(trust)}"
