"""Files only this app's user may read: the data directory 0700, each file 0600.

On Android the app's data directory is already private to the app; on a desktop the same
modes keep other accounts on the machine out. Files are replaced atomically so a crash
mid-write leaves the previous version, never half a file.
"""

import json
import os
from pathlib import Path

PRIVATE_DIRECTORY_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_directory(path: str | os.PathLike) -> Path:
    """`path`, created if needed, readable by its owner only."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, PRIVATE_DIRECTORY_MODE)
    return directory


def write_private_json(path: Path, data) -> None:
    """Write `data` as JSON to `path` with mode 0600, atomically."""
    temporary = path.with_name(f".{path.name}.tmp")
    # Created 0600 from the start: never a moment where another user could open it.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, PRIVATE_FILE_MODE)
    os.replace(temporary, path)


def read_private_json(path: Path, default):
    """The JSON in `path`, or `default` when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return default
