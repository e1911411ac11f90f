"""The signed-in person's tokens, in a 0600 file in the private data directory.

Tokens are secrets: they are never logged and never shown; `repr` hides them.
"""

import threading
from pathlib import Path

from mobile.storage.private_files import read_private_json, write_private_json

TOKENS_FILE = "tokens.json"


class TokenStore:
    """Access and refresh token, shared by the UI thread, API workers and the outbox sender."""

    def __init__(self, directory: Path):
        self.path = directory / TOKENS_FILE
        self._lock = threading.Lock()
        self._tokens = read_private_json(self.path, {})

    def __repr__(self) -> str:
        return f"<TokenStore signed_in={self.signed_in}>"

    @property
    def signed_in(self) -> bool:
        return bool(self._tokens.get("refresh_token"))

    @property
    def access_token(self) -> str | None:
        return self._tokens.get("access_token")

    @property
    def refresh_token(self) -> str | None:
        return self._tokens.get("refresh_token")

    @property
    def user_id(self) -> int | None:
        return self._tokens.get("user_id")

    def save(self, *, access_token: str, refresh_token: str, user_id: int | None = None) -> None:
        """Keep a new pair (user_id stays when not given, as on a refresh)."""
        with self._lock:
            self._tokens = {
                "access_token": access_token,
                "refresh_token": refresh_token,
                "user_id": user_id if user_id is not None else self._tokens.get("user_id"),
            }
            write_private_json(self.path, self._tokens)

    def clear(self) -> None:
        """Forget the tokens (signing out, or the server refused the refresh token)."""
        with self._lock:
            self._tokens = {}
            self.path.unlink(missing_ok=True)
