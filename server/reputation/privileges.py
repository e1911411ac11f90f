"""Privileges unlocked by levels (admins hold them all)."""

from flask_smorest import abort

from server.users.models import User
from shared.levels import LEVELS
from shared.rules import PRIVILEGE_DESCRIPTIONS, PRIVILEGE_LEVELS, Privilege


def has_privilege(user: User, privilege: Privilege) -> bool:
    """Whether `user`'s level (or admin role) grants `privilege` (the level breadth may hold back)."""
    return user.is_admin or user.level >= PRIVILEGE_LEVELS[privilege]


def require_privilege(user: User, privilege: Privilege) -> None:
    """403 naming the level needed when `user` lacks `privilege`."""
    if not has_privilege(user, privilege):
        abort(403, message=refusal_message(user, privilege))


def refusal_message(user: User, privilege: Privilege) -> str:
    """'To create new tags you need level 3 (Regular); you are level 1 (Newcomer).'"""
    needed = LEVELS[PRIVILEGE_LEVELS[privilege] - 1]
    current = LEVELS[user.level - 1]
    return (
        f"To {PRIVILEGE_DESCRIPTIONS[privilege]} you need level {needed.number} ({needed.name}); "
        f"you are level {current.number} ({current.name})."
    )
