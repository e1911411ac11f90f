"""What a person last read, kept on the phone so that it still shows with no network.

A GET whose caller asks for it (`ApiClient.request(..., on_kept=...)`) is written here when
it succeeds and read back when the network fails, with the time it was fetched so that the
screen can say how old it is. Rows are keyed by server address, person, path and query:
on a phone shared by two colleagues, or pointed at another firm's server, nobody ever sees
what someone else read. Signing out forgets the person's rows.

The file is bounded: at most MAX_ENTRIES_PER_PERSON rows a person and MAX_TOTAL_BYTES in
all, the least recently used going first; a single answer above MAX_ENTRY_BYTES (a huge
export) is not kept. Losing the cache loses nothing that matters (the server has it all),
so it lives in a file of its own, apart from the outbox, and a damaged file is started over.
"""

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mobile.storage.private_files import PRIVATE_FILE_MODE

CACHE_FILE = "read_cache.sqlite3"
MAX_ENTRIES_PER_PERSON = 400
MAX_TOTAL_BYTES = 16 * 1024 * 1024
MAX_ENTRY_BYTES = 1024 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS kept (
    server TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    request TEXT NOT NULL,
    body TEXT NOT NULL,
    size INTEGER NOT NULL,
    fetched_at REAL NOT NULL,
    used_at REAL NOT NULL,
    PRIMARY KEY (server, user_id, request)
)
"""


@dataclass(frozen=True)
class Kept:
    """An answer as the server gave it, and when (time.time()) it was fetched."""

    data: object
    fetched_at: float


def request_key(path: str, query: dict | None) -> str:
    """The path and query as one string: the same request always gives the same key."""
    present = sorted((str(name), str(value)) for name, value in (query or {}).items() if value not in (None, ""))
    return json.dumps([path, present], separators=(",", ":"))


class ReadCache:
    """Keep, read and forget answers, per server and person. Safe to use from any thread."""

    def __init__(
        self,
        directory: Path,
        *,
        max_entries_per_person: int = MAX_ENTRIES_PER_PERSON,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_entry_bytes: int = MAX_ENTRY_BYTES,
    ):
        self.path = directory / CACHE_FILE
        self.max_entries_per_person = max_entries_per_person
        self.max_total_bytes = max_total_bytes
        self.max_entry_bytes = max_entry_bytes
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # People who signed out, and the lock that orders writes against forgetting: an answer
        # still on its way when its reader signs out is never written after their rows went.
        self._forgotten: set[tuple[str, int]] = set()
        self._write_lock = threading.Lock()
        try:
            self._create()
        except sqlite3.DatabaseError:
            # Not a database any more (a crash mid-write on a full disk): start over, nothing lost.
            self.wipe()

    def _create(self) -> None:
        # Created private before SQLite opens it (its -wal and -shm files copy the mode).
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
        self._execute(SCHEMA)

    def wipe(self) -> None:
        """Delete the file and start an empty one (it is damaged, or could not forget someone)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self._create()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            # A power cut may lose the last answers kept; the server still has them.
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _execute(self, statement: str, parameters=()) -> list:
        connection = self._connection()
        with connection:
            return connection.execute(statement, parameters).fetchall()

    def keep(
        self, *, server: str, user_id: int, path: str, query: dict | None, data, signed_in_again: bool = False
    ) -> None:
        """Remember `data` as the answer to GET `path` with `query` for this person, fetched now.

        Nothing is kept for a person who signed out, unless `signed_in_again` (the first
        answer after they signed in once more).
        """
        body = json.dumps(data, separators=(",", ":"))
        size = len(body.encode("utf-8"))
        if size > self.max_entry_bytes:
            return
        now = time.time()
        connection = self._connection()
        with self._write_lock, connection:
            if signed_in_again:
                self._forgotten.discard((server, user_id))
            elif (server, user_id) in self._forgotten:
                return
            connection.execute(
                "INSERT OR REPLACE INTO kept (server, user_id, request, body, size, fetched_at, used_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (server, user_id, request_key(path, query), body, size, now, now),
            )
            self._trim(connection, server=server, user_id=user_id)

    def _trim(self, connection: sqlite3.Connection, *, server: str, user_id: int) -> None:
        """Drop the least recently used rows beyond the person's count and the file's bytes."""
        connection.execute(
            "DELETE FROM kept WHERE server = ? AND user_id = ? AND request NOT IN ("
            "  SELECT request FROM kept WHERE server = ? AND user_id = ? ORDER BY used_at DESC LIMIT ?)",
            (server, user_id, server, user_id, self.max_entries_per_person),
        )
        total = connection.execute("SELECT COALESCE(SUM(size), 0) FROM kept").fetchone()[0]
        if total <= self.max_total_bytes:
            return
        rows = connection.execute("SELECT rowid, size FROM kept ORDER BY used_at").fetchall()
        doomed = []
        for rowid, size in rows:
            if total <= self.max_total_bytes:
                break
            doomed.append((rowid,))
            total -= size
        connection.executemany("DELETE FROM kept WHERE rowid = ?", doomed)

    def kept(self, *, server: str, user_id: int, path: str, query: dict | None) -> Kept | None:
        """This person's last answer to GET `path` with `query`, or None."""
        key = request_key(path, query)
        connection = self._connection()
        with connection:
            row = connection.execute(
                "SELECT body, fetched_at FROM kept WHERE server = ? AND user_id = ? AND request = ?",
                (server, user_id, key),
            ).fetchone()
            if row is None:
                return None
            connection.execute(
                "UPDATE kept SET used_at = ? WHERE server = ? AND user_id = ? AND request = ?",
                (time.time(), server, user_id, key),
            )
        return Kept(data=json.loads(row[0]), fetched_at=row[1])

    def forget_person(self, *, server: str, user_id: int) -> None:
        """Drop everything kept for this person (they signed out), and keep nothing more of
        theirs until they sign in again. If the rows cannot be deleted, the whole file goes."""
        with self._write_lock:
            self._forgotten.add((server, user_id))
            try:
                self._execute("DELETE FROM kept WHERE server = ? AND user_id = ?", (server, user_id))
            except sqlite3.Error:
                self.wipe()

    def counts(self) -> tuple[int, int]:
        """(rows, bytes) kept in all, for the bounds' tests and the curious."""
        rows, size = self._execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM kept")[0]
        return rows, size

    def close(self) -> None:
        """Close every thread's connection (the app is closing)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:
                connection.close()
            except sqlite3.ProgrammingError:
                pass
        self._local = threading.local()
