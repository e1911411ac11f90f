"""Where photos' bytes live: a directory on the local disk (the default, under the instance
folder), or a bucket of an S3-compatible store (`QUID_ATTACHMENT_STORE=s3`).

The database row and the stored files must not part ways: a file written for a request
whose transaction is then rolled back (an error, a retry of the whole request) is deleted
again, and a file whose row a request deletes is removed only once that request has
committed. `stage()` and `delete_after_commit()` tie both to the session's transaction.
"""

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.instance_files import make_private_directory

log = logging.getLogger(__name__)

LOCAL = "local"
S3 = "s3"
STORES = (LOCAL, S3)
CHUNK_BYTES = 64 * 1024
# The session's lists of keys written by its transaction and keys to delete after it commits.
STAGED = "quid_staged_attachment_keys"
DOOMED = "quid_attachment_keys_to_delete"


class StoreError(RuntimeError):
    """The store could not be reached or refused the operation."""


@dataclass(frozen=True)
class StoredFile:
    """A file being read from the store: its chunks and its length in bytes."""

    chunks: Iterator[bytes]
    length: int


class LocalStore:
    """Files under one private directory (0700), each written 0600 and renamed into place, so
    that a crash never leaves half a photo under its name."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = self.root / key
        # Keys are made by the server (hex names), never by a client; this only guards the rule.
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise StoreError(f"key outside the store: {key!r}")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        make_private_directory(self.root)
        make_private_directory(path.parent)
        temporary = path.with_name(f".{path.name}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def open(self, key: str) -> StoredFile:
        try:
            handle = open(self._path(key), "rb")
        except FileNotFoundError as error:
            raise StoreError(f"missing from the store: {key}") from error
        length = os.fstat(handle.fileno()).st_size

        def chunks():
            with handle:
                while chunk := handle.read(CHUNK_BYTES):
                    yield chunk

        return StoredFile(chunks(), length)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Store:
    """Objects in one bucket of an S3-compatible store, under an optional key prefix.

    Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
    a profile, or the instance's role); the bucket must exist.
    """

    def __init__(self, *, bucket: str, endpoint_url: str | None, region: str, prefix: str):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
        )

    def put(self, key: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data, ContentType=content_type)
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"could not store {key}: {error}") from error

    def open(self, key: str) -> StoredFile:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"could not read {key}: {error}") from error
        body = answer["Body"]

        def chunks():
            try:
                yield from body.iter_chunks(CHUNK_BYTES)
            finally:
                body.close()

        return StoredFile(chunks(), int(answer["ContentLength"]))

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"could not delete {key}: {error}") from error


def store_settings(config) -> tuple:
    """The settings that make a store, as one value (a changed setting makes another store)."""
    return (
        config["ATTACHMENT_STORE"],
        config["ATTACHMENT_DIRECTORY"],
        config["S3_BUCKET"],
        config["S3_ENDPOINT_URL"],
        config["S3_REGION"],
        config["S3_PREFIX"],
    )


def current_store() -> LocalStore | S3Store:
    """The app's store, made once per process: a boto3 client must not cross gunicorn's fork."""
    settings = store_settings(current_app.config)
    stores = current_app.extensions.setdefault("quid_attachment_stores", {})
    key = (os.getpid(), settings)
    if key not in stores:
        kind, directory, bucket, endpoint_url, region, prefix = settings
        stores[key] = (
            S3Store(bucket=bucket, endpoint_url=endpoint_url, region=region, prefix=prefix)
            if kind == S3
            else LocalStore(directory)
        )
    return stores[key]


def stage(session: Session, key: str, data: bytes, content_type: str) -> None:
    """Store a file for the session's transaction: deleted again if it rolls back."""
    session.info.setdefault(STAGED, []).append(key)
    current_store().put(key, data, content_type)


def delete_after_commit(session: Session, keys: list[str]) -> None:
    """Delete these files once the session's transaction has committed (never before: a
    rollback would leave rows naming files that are gone)."""
    session.info.setdefault(DOOMED, []).extend(keys)


def delete_quietly(keys) -> None:
    """Delete files, logging (not raising) what fails: the answer is already decided."""
    store = current_store()
    for key in keys:
        try:
            store.delete(key)
        except (StoreError, OSError) as error:
            log.warning("Could not delete attachment file %s: %s", key, error)


@event.listens_for(Session, "after_commit")
def settle_files_after_commit(session: Session) -> None:
    session.info.pop(STAGED, None)
    doomed = session.info.pop(DOOMED, None)
    if doomed and has_app_context():
        delete_quietly(doomed)


@event.listens_for(Session, "after_soft_rollback")
def undo_files_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction is not None and previous_transaction.parent is not None:
        return  # a savepoint (or inner transaction) rolled back: the outer one may still commit
    session.info.pop(DOOMED, None)
    staged = session.info.pop(STAGED, None)
    if staged and has_app_context():
        delete_quietly(staged)


def discard_uncommitted(session: Session) -> None:
    """At the end of a request: files staged by a transaction that never committed (the
    request failed before any rollback) go too."""
    undo_files_after_rollback(session, None)
