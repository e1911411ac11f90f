"""Wording both the server and the app use when they put counts into sentences."""


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 answer', '3 answers'; `many` for an irregular plural ('1 person', '3 people')."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
