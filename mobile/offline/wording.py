"""What the app says about content it could not fetch and did not keep (one place)."""

NOT_SAVED = "Not saved on this phone yet. It shows here once Quid can be reached."
ANSWERS_NOT_SAVED = "The answers are not saved on this phone yet."
HISTORY_NOT_SAVED = "The history is not saved on this phone yet."
