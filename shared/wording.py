"""Wording both the server and the app use when they put counts into sentences."""


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 answer', '3 answers'; `many` for an irregular plural ('1 person', '3 people')."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def megabytes(size: int) -> str:
    """A file size as people read it: '10 MB', '12.4 MB'."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if round(value, 1) == int(value) else f"{value:.1f} MB"


def photo_too_large(size: int | None, limit: int) -> str:
    """Why a photo is refused for its size (the server's message and the app's)."""
    of_this = f"; this one is {megabytes(size)}" if size is not None else ""
    return f"A photo may be at most {megabytes(limit)}{of_this}."


def accepted_photo_types(types) -> str:
    """'JPEG, PNG or WebP' from the accepted types' names."""
    names = list(types)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
