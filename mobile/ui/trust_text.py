"""How a person's trust reads on screen, for profiles and trade parties alike."""

from mobile.ui.text import plural

TRUST_BAND_NAMES = {"new": "New", "reliable": "Reliable", "mixed": "Mixed", "unreliable": "Unreliable"}


def trust_band_name(band: str) -> str:
    """'Reliable' for 'reliable'; an unknown band capitalised."""
    return TRUST_BAND_NAMES.get(band, band.capitalize())


def trust_summary(trust: dict) -> str:
    """'Trust 0.67 · 3 settled legs · circle of 2 people'."""
    parts = [f"Trust {trust.get('score', 0):.2f}", plural(trust.get("settled", 0), "settled leg")]
    if "circle_size" in trust:
        circle = trust["circle_size"]
        parts.append(f"circle of {circle} {'person' if circle == 1 else 'people'}")
    return " · ".join(parts)
