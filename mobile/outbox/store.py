"""The outbox's SQLite database: one row per create or action, in the order it was made.

WAL with synchronous FULL: once `add()` returns, the item survives the app being killed and
the phone losing power. Each thread opens its own connection (SQLite connections must not
be shared between threads); WAL lets the UI read while the sender writes.
"""

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from mobile.api.errors import ApiError

OUTBOX_FILE = "outbox.sqlite3"
PENDING = "pending"
REJECTED = "rejected"

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    error TEXT,
    created_at REAL NOT NULL,
    uploads TEXT
)
"""
# Columns added after the first release, for outboxes made before them.
ADDED_COLUMNS = {"uploads": "ALTER TABLE outbox ADD COLUMN uploads TEXT"}


@dataclass(frozen=True)
class OutboxItem:
    """One queued request and what became of it so far."""

    id: int
    idempotency_key: str
    user_id: int
    method: str
    path: str
    body: dict | None
    kind: str
    label: str
    state: str
    attempts: int
    next_attempt_at: float
    error: dict | None
    created_at: float
    # Photos sent before the request itself, each {"path", "content_type", "attachment_id"}:
    # the id is set once the server has the photo, and the request gets `attachment_ids`.
    uploads: list[dict] | None = None

    @property
    def pending_upload(self) -> tuple[int, dict] | None:
        """The first photo the server does not have yet, with its index; None when all are sent."""
        return next(
            ((index, upload) for index, upload in enumerate(self.uploads or []) if upload.get("attachment_id") is None),
            None,
        )

    def request_body(self) -> dict | None:
        """The body to send: the item's own, with the ids of its photos once all are sent."""
        if not self.uploads:
            return self.body
        return {**(self.body or {}), "attachment_ids": [upload["attachment_id"] for upload in self.uploads]}

    @property
    def refusal(self) -> ApiError | None:
        """The server's refusal of a rejected item, as the ApiError the sender received."""
        if self.error is None:
            return None
        return ApiError(self.error["status"], self.error)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "OutboxItem":
        values = dict(row)
        values["body"] = json.loads(values["body"]) if values["body"] is not None else None
        values["error"] = json.loads(values["error"]) if values["error"] else None
        values["uploads"] = json.loads(values["uploads"]) if values.get("uploads") else None
        return cls(**values)


class OutboxStore:
    """Add, read, reschedule, reject and remove outbox items.

    Items belong to the person who made them: on a phone shared by two colleagues, one's
    queued posts are never sent with the other's token.
    """

    def __init__(self, directory: Path, *, on_removed=lambda uploads: None):
        """`on_removed(uploads)` is told the photos of an item that left the outbox (or lost
        them on a resubmit), so that their files can go."""
        self.path = directory / OUTBOX_FILE
        self._local = threading.local()
        self._on_removed = on_removed
        with self._connection() as connection:
            connection.execute(SCHEMA)
            present = {row["name"] for row in connection.execute("PRAGMA table_info(outbox)")}
            for column, statement in ADDED_COLUMNS.items():
                if column not in present:
                    connection.execute(statement)

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return _Transaction(connection)

    def add(
        self,
        *,
        user_id: int,
        method: str,
        path: str,
        body: dict | None,
        kind: str,
        label: str,
        uploads: list[dict] | None = None,
    ) -> OutboxItem:
        """Queue a request of `user_id` with a fresh Idempotency-Key; durable when this returns.
        `uploads`: photos ({"path", "content_type"}) to send first, in order."""
        key = str(uuid.uuid4())
        uploads = fresh_uploads(uploads)
        with self._connection() as connection:
            cursor = connection.execute(
                "INSERT INTO outbox (idempotency_key, user_id, method, path, body, kind, label, created_at, uploads) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    user_id,
                    method,
                    path,
                    None if body is None else json.dumps(body),
                    kind,
                    label,
                    time.time(),
                    encode_uploads(uploads),
                ),
            )
            return self._get(connection, cursor.lastrowid)

    def record_upload(self, item_id: int, *, index: int, attachment_id: int) -> OutboxItem:
        """The server has the item's `index`-th photo: remember its id (a restart does not send it again)."""
        with self._connection() as connection:
            item = self._get(connection, item_id)
            uploads = [dict(upload) for upload in item.uploads]
            uploads[index]["attachment_id"] = attachment_id
            connection.execute("UPDATE outbox SET uploads = ? WHERE id = ?", (encode_uploads(uploads), item_id))
            return self._get(connection, item_id)

    def photo_paths(self) -> set[str]:
        """The files of every item's photos, of every person on this phone."""
        with self._connection() as connection:
            rows = connection.execute("SELECT uploads FROM outbox WHERE uploads IS NOT NULL").fetchall()
        return {upload["path"] for row in rows for upload in json.loads(row["uploads"])}

    def get(self, item_id: int) -> OutboxItem | None:
        with self._connection() as connection:
            return self._get(connection, item_id)

    @staticmethod
    def _get(connection, item_id: int) -> OutboxItem | None:
        row = connection.execute("SELECT * FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return OutboxItem.from_row(row) if row else None

    def head(self, *, user_id: int) -> OutboxItem | None:
        """The oldest pending item of `user_id`: items go out in the order they were made."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT * FROM outbox WHERE state = ? AND user_id = ? ORDER BY id LIMIT 1", (PENDING, user_id)
            ).fetchone()
            return OutboxItem.from_row(row) if row else None

    def items(self, *, user_id: int | None) -> list[OutboxItem]:
        """Everything of `user_id` still in the outbox, oldest first."""
        with self._connection() as connection:
            rows = connection.execute("SELECT * FROM outbox WHERE user_id = ? ORDER BY id", (user_id,)).fetchall()
            return [OutboxItem.from_row(row) for row in rows]

    def counts(self, *, user_id: int | None) -> tuple[int, int]:
        """(pending, rejected) of `user_id`."""
        with self._connection() as connection:
            rows = dict(
                connection.execute(
                    "SELECT state, COUNT(*) FROM outbox WHERE user_id = ? GROUP BY state", (user_id,)
                ).fetchall()
            )
            return rows.get(PENDING, 0), rows.get(REJECTED, 0)

    def postpone(self, item_id: int, *, until: float) -> None:
        """Count a failed attempt and wait until `until` (a time.time()) for the next."""
        with self._connection() as connection:
            connection.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?", (until, item_id)
            )

    def retry_now(self) -> None:
        """Make every pending item due at once (the network came back, or the person asked)."""
        with self._connection() as connection:
            connection.execute("UPDATE outbox SET next_attempt_at = 0 WHERE state = ?", (PENDING,))

    def reject(self, item_id: int, *, error: dict) -> None:
        """Park an item the server refused; it waits for the person to fix or discard it."""
        with self._connection() as connection:
            connection.execute(
                "UPDATE outbox SET state = ?, error = ? WHERE id = ?", (REJECTED, json.dumps(error), item_id)
            )

    def resubmit(self, item_id: int, *, body: dict | None, label: str, uploads: list[dict] | None = None) -> OutboxItem:
        """Send a fixed item again, in its place in the queue, with a new Idempotency-Key.

        A new key because the server answers 422 to an old key with a different body. Its
        photos are sent again too (new keys, new ids): the ones sent before may be what the
        server refused, or have been deleted as unposted meanwhile.
        """
        fresh = fresh_uploads(uploads)
        with self._connection() as connection:
            before = self._get(connection, item_id)
            connection.execute(
                "UPDATE outbox SET body = ?, label = ?, state = ?, error = NULL, attempts = 0, "
                "next_attempt_at = 0, idempotency_key = ?, uploads = ? WHERE id = ?",
                (
                    None if body is None else json.dumps(body),
                    label,
                    PENDING,
                    str(uuid.uuid4()),
                    encode_uploads(fresh),
                    item_id,
                ),
            )
            item = self._get(connection, item_id)
        kept = {upload["path"] for upload in fresh}
        self._on_removed(
            [upload for upload in (before.uploads if before else None) or [] if upload["path"] not in kept]
        )
        return item

    def remove(self, item_id: int) -> None:
        """Drop an item: the server has it, or the person discarded it."""
        with self._connection() as connection:
            item = self._get(connection, item_id)
            connection.execute("DELETE FROM outbox WHERE id = ?", (item_id,))
        if item is not None and item.uploads:
            self._on_removed(item.uploads)

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def fresh_uploads(uploads: list[dict] | None) -> list[dict]:
    """Photos to send, none of them sent yet."""
    return [
        {"path": upload["path"], "content_type": upload["content_type"], "attachment_id": None}
        for upload in uploads or []
    ]


def encode_uploads(uploads: list[dict] | None) -> str | None:
    return json.dumps(uploads) if uploads else None


class _Transaction:
    """`with` a connection: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an exception."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, exception_type, *rest) -> None:
        self.connection.execute("ROLLBACK" if exception_type else "COMMIT")
