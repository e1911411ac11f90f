"""What the joining screens check before asking the server (the server checks it again)."""

from shared.limits import DISPLAY_NAME_MIN_LENGTH, PASSWORD_MIN_LENGTH


def name_and_password_problems(*, display_name: str, password: str) -> dict[str, str]:
    """Per-field problems with a new account's name and password."""
    problems = {}
    if len(display_name.strip()) < DISPLAY_NAME_MIN_LENGTH:
        problems["display_name"] = "Enter the name colleagues know you by."
    if len(password) < PASSWORD_MIN_LENGTH:
        problems["password"] = f"At least {PASSWORD_MIN_LENGTH} characters."
    return problems
