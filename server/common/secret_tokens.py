"""Secrets handed to one person (invitation codes, sign-in tickets) and how they are kept.

Only a digest is stored: someone who reads the database cannot use what is in it.
"""

import hashlib
import secrets

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def digest(secret: str) -> str:
    """The hex SHA-256 of `secret`: what the database keeps."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_ticket() -> str:
    """A URL-safe random secret of 256 bits, for a program to hold."""
    return secrets.token_urlsafe(32)


def new_code(groups: int = 4, group_length: int = 5) -> str:
    """A random code for a person to type, e.g. 'K7QM2-XH9PW-4RT8Z-BN3CD' (100 bits)."""
    characters = [secrets.choice(CODE_ALPHABET) for _ in range(groups * group_length)]
    return "-".join(
        "".join(characters[start : start + group_length]) for start in range(0, len(characters), group_length)
    )


def normalised_code(typed: str) -> str:
    """A code as typed (any case, spaces, hyphens, O for 0) in the form it was issued."""
    return "".join(character for character in typed.upper().translate(CODE_LOOKALIKES) if character in CODE_ALPHABET)


def code_digest(typed: str) -> str:
    """The digest of a code however it was typed."""
    return digest(normalised_code(typed))
