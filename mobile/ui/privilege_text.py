"""What a level unlocks, as the app says it before anyone taps (no Kivy here).

The levels come from shared/rules.py's PRIVILEGE_LEVELS and shared/levels.py, never from a
number written here: a person below the level sees the action locked with the level it needs.
"""

from shared.enums import Role
from shared.levels import LEVELS
from shared.rules import PRIVILEGE_DESCRIPTIONS, PRIVILEGE_LEVELS, Privilege


def level_needed(user: dict | None, privilege: Privilege) -> int | None:
    """The level `privilege` needs when `user` (GET /me) has not reached it; None when they may
    (admins always may) or when the app does not know their level yet."""
    user = user or {}
    level = (user.get("level") or {}).get("number")
    needed = PRIVILEGE_LEVELS[privilege]
    if level is None or user.get("role") == Role.ADMIN.value or level >= needed:
        return None
    return needed


def locked_label(label: str, privilege: Privilege) -> str:
    """An action's label while it is locked: 'Helpful · level 2'."""
    return f"{label} · level {PRIVILEGE_LEVELS[privilege]}"


def missing_privilege_text(user: dict | None, privilege: Privilege) -> str:
    """Why `user` may not do this yet, and how to get there ('' when they may)."""
    needed = level_needed(user, privilege)
    if needed is None:
        return ""
    level = user["level"]["number"]
    return (
        f"You can {PRIVILEGE_DESCRIPTIONS[privilege]} from level {needed} "
        f"({LEVELS[needed - 1].name}); you are level {level}. You earn points when "
        f"colleagues use what you share."
    )
