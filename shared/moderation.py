"""Moderation's vocabulary, shared by the server and the app: why a post or an answer is
flagged, and where a flag stands.

A flag is `open` until an admin decides about the content: hiding it upholds every open
flag on it (`upheld`: the content was hidden); leaving it up dismisses them (`dismissed`).
"""

from enum import StrEnum


class FlagReason(StrEnum):
    """Why someone flags a post or an answer."""

    SPAM = "spam"
    OFFENSIVE = "offensive"
    CONFIDENTIAL = "confidential"  # customer data that should not be shared this widely
    WRONG = "wrong"  # misleading or wrong advice
    OTHER = "other"  # needs a note saying what is wrong


# The reasons a person must explain in a note.
REASONS_NEEDING_A_NOTE = frozenset({FlagReason.OTHER})

REASON_LABELS = {
    FlagReason.SPAM: "Spam",
    FlagReason.OFFENSIVE: "Offensive",
    FlagReason.CONFIDENTIAL: "Customer data that should not be shared",
    FlagReason.WRONG: "Wrong or misleading",
    FlagReason.OTHER: "Something else",
}


class FlagState(StrEnum):
    """Where a flag stands: `upheld` means an admin hid the content."""

    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"
