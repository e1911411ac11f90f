"""The server's private files: the instance directory, the SQLite database and the secret.

Between them they hold every password hash and session and the key that signs tokens, so
only the server's own user may read them: the directory 0700, the files 0600. They are
created with those modes (never created wider and narrowed afterwards), and narrowed at
every start when an older version or an operator left them wider. SQLite creates a
database's `-wal` and `-shm` files with the database file's own mode, so a database created
0600 keeps its companions 0600 as well; existing ones are narrowed with it.
"""

import os
import stat
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_DIRECTORY_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SQLITE_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def make_private_directory(path: str | Path) -> None:
    """Create `path` (and its parents) if needed, and make it the server user's alone.

    A shared directory (sticky, such as /tmp) given as the instance path is left as it is:
    it is not Quid's to close.
    """
    os.makedirs(path, mode=PRIVATE_DIRECTORY_MODE, exist_ok=True)
    if not os.stat(path).st_mode & stat.S_ISVTX:
        narrow(path, PRIVATE_DIRECTORY_MODE)


def secure_instance(instance_path: str | Path, *, database_url: str, secret_file_name: str) -> None:
    """Narrow what the instance directory holds at start: a SQLite database (created private
    if it is new) and the generated secret, even when a configured secret has replaced it."""
    secure_sqlite_database(database_url)
    narrow_if_present(Path(instance_path) / secret_file_name, PRIVATE_FILE_MODE)


def narrow(path: str | Path, mode: int) -> None:
    """Take from `path` every permission beyond `mode`; nothing is added."""
    current = stat.S_IMODE(os.stat(path).st_mode)
    if current & ~mode:
        os.chmod(path, current & mode)


def narrow_if_present(path: str | Path, mode: int) -> None:
    """`narrow` a file that may not exist (or may go while we look)."""
    try:
        narrow(path, mode)
    except FileNotFoundError:
        pass


def secure_sqlite_database(database_url: str) -> None:
    """For a SQLite file database: create the file 0600 before SQLite does (SQLite would make
    it 0644), and narrow it and its journal files when they exist wider. Anything else (an
    in-memory database, a server database) is left alone, as is a file whose directory does
    not exist (SQLite reports that itself)."""
    url = make_url(database_url)
    if (
        url.get_backend_name() != "sqlite"
        or url.database in (None, "", ":memory:")
        or url.database.startswith("file:")
        or url.query.get("mode") == "memory"
    ):
        return
    database = Path(url.database)
    if not database.parent.is_dir():
        return
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass
    for path in [database, *(Path(f"{database}{suffix}") for suffix in SQLITE_COMPANION_SUFFIXES)]:
        narrow_if_present(path, PRIVATE_FILE_MODE)


def read_or_create_private_file(path: Path, content: str) -> str:
    """The text of `path`, written once with `content` (mode 0600) if it does not exist.

    The file appears whole or not at all: `content` goes to a private temporary file that
    is then linked into place, which fails if another process got there first. So several
    gunicorn workers starting at once agree on one value, and none reads a half-written one.
    """
    if path.exists():
        narrow(path, PRIVATE_FILE_MODE)
        return path.read_text().strip()
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # created 0600
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(content)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_text().strip()
    finally:
        os.unlink(temporary)
    return content
