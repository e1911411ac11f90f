"""Password hashing with argon2id, at the cost the configuration sets."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g


def password_hasher() -> PasswordHasher:
    """An argon2id hasher with the configured time and memory cost.

    Marks the request as one that made the server hash (server.auth.rate_limits counts those).
    """
    g.password_hashed = True
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_KIB"],
    )


def hash_password(password: str) -> str:
    """The argon2id hash to store for `password`."""
    return password_hasher().hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether `password` is the one behind `password_hash`."""
    try:
        return password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the email is unknown, so that a miss costs as much as a wrong password.
_decoy_hash: dict[tuple[int, int], str] = {}


def spend_verification_time(password: str) -> None:
    """Burn the time of one verification; keeps unknown emails from answering faster."""
    hasher = password_hasher()
    cost = (hasher.time_cost, hasher.memory_cost)
    if cost not in _decoy_hash:
        _decoy_hash[cost] = hasher.hash("decoy password for timing")
    password_matches(_decoy_hash[cost], password)
