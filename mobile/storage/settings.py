"""Settings the person chose, remembered between runs: the server address, the last email,
and the accounts this phone has already welcomed."""

from pathlib import Path

from mobile.storage.private_files import read_private_json, write_private_json

SETTINGS_FILE = "settings.json"
DEFAULT_SERVER_ADDRESS = "http://127.0.0.1:8000"


class Settings:
    """A small JSON file of preferences in the private data directory."""

    def __init__(self, directory: Path):
        self._path = directory / SETTINGS_FILE
        self._values = read_private_json(self._path, {})

    @property
    def server_address(self) -> str:
        return self._values.get("server_address") or DEFAULT_SERVER_ADDRESS

    @property
    def last_email(self) -> str:
        return self._values.get("last_email", "")

    def has_welcomed(self, account: str) -> bool:
        """Whether this phone showed `account` (server address and user id) the welcome."""
        return account in self._values.get("welcomed", [])

    def remember_welcomed(self, account: str) -> None:
        """The welcome was shown to `account`: it does not open by itself again here."""
        if not self.has_welcomed(account):
            self.remember(welcomed=[*self._values.get("welcomed", []), account])

    def remember(self, **values) -> None:
        """Store `values` (server_address, last_email) for the next run."""
        self._values.update(values)
        write_private_json(self._path, self._values)
