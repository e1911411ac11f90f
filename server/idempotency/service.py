"""Idempotency keys, as PRODUCT.md § outbox describes.

A POST carrying `Idempotency-Key` is remembered with its caller, method, path, a hash of
its body and its first successful response. The same key with the same request answers
that response again and creates nothing; the same key with a different request answers
422. The record is written in the request's own transaction, under a unique constraint:
when the same request arrives many times at once, one creates and commits, the others fail
on the constraint, roll back everything they did, and answer the winner's response.
Failed requests are not remembered, so the person can fix the input and retry.
"""

import functools
import hashlib
import json
from datetime import datetime, timedelta

from flask import Response, current_app, make_response, request
from flask_jwt_extended import get_jwt_identity
from flask_smorest import abort
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from server.common.access import verify_access_token
from server.common.clock import utcnow
from server.common.documentation import add_operation_doc
from server.extensions import db
from server.idempotency.models import IdempotencyRecord
from shared.limits import IDEMPOTENCY_KEY_MAX_LENGTH

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
HEADER_DOC = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH},
    "description": "A fresh UUID per action. A retry with the same key and body returns the "
                   "first response and creates nothing; the same key with another body answers 422.",
}


def idempotent(view):
    """Honour `Idempotency-Key` on a creating POST (outermost decorator of the view)."""

    @functools.wraps(view)
    def remembering_view(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        key = checked_key(key)
        owner = request_owner()
        fingerprint = request_fingerprint()
        record = find_record(owner=owner, key=key)
        if record is not None:
            return replay(record, fingerprint)
        response = make_response(view(*args, **kwargs))
        if response.status_code >= 300:
            return response
        forget_expired_record(owner=owner, key=key)
        db.session.add(IdempotencyRecord(
            owner=owner, key=key, method=request.method, path=request.path,
            body_hash=fingerprint, status_code=response.status_code,
            response_body=response.get_data(as_text=True), created_at=utcnow(),
        ))
        try:
            db.session.flush()
        except IntegrityError:
            # Another request with this key committed first: undo ours, answer theirs.
            db.session.rollback()
            return replay(find_record(owner=owner, key=key), fingerprint)
        return response

    return add_operation_doc(remembering_view, parameters=[HEADER_DOC])


def checked_key(key: str) -> str:
    """The key, or 422 naming the header when it is empty or too long."""
    key = key.strip()
    if not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX_LENGTH:
        message = f"Must be 1–{IDEMPOTENCY_KEY_MAX_LENGTH} characters."
        abort(422, message=f"Invalid input: {HEADER}: {message}",
              errors={"headers": {HEADER: [message]}})
    return key


def request_owner() -> str:
    """Whose keys these are: the signed-in user, or the anonymous caller (sign-up)."""
    verify_access_token(optional=True)
    identity = get_jwt_identity()
    return f"user:{identity}" if identity is not None else "anonymous"


def request_fingerprint() -> str:
    """A hash of the request body; JSON is canonicalised so key order does not matter."""
    raw = request.get_data(cache=True)
    try:
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = raw
    return hashlib.sha256(canonical).hexdigest()


def find_record(*, owner: str, key: str) -> IdempotencyRecord | None:
    """The live record for this key; one past retention counts as none.

    Only reads: the view may still do slow work outside the transaction (hashing a password
    on joining), which needs the unit of work not to have written yet.
    """
    record = db.session.execute(
        select(IdempotencyRecord).where(IdempotencyRecord.owner == owner, IdempotencyRecord.key == key)
    ).scalar_one_or_none()
    if record is not None and record.created_at < retention_start(utcnow()):
        return None
    return record


def forget_expired_record(*, owner: str, key: str) -> None:
    """Delete this key's record past retention, so that the key can be remembered anew."""
    db.session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.owner == owner, IdempotencyRecord.key == key,
        IdempotencyRecord.created_at < retention_start(utcnow())))


def replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    """The first response again, or 422 when the key was used for another request."""
    if (record.method, record.path, record.body_hash) != (request.method, request.path, fingerprint):
        abort(422, message=f"This {HEADER} was already used for a different request.",
              errors={"headers": {HEADER: ["Already used for a different request."]}})
    response = Response(record.response_body, status=record.status_code, mimetype="application/json")
    response.headers[REPLAYED_HEADER] = "true"
    return response


def retention_start(now: datetime) -> datetime:
    """The oldest moment whose records are still kept."""
    return now - timedelta(days=current_app.config["IDEMPOTENCY_RETENTION_DAYS"])


def prune_expired_records(*, now: datetime) -> int:
    """Delete records past retention; returns how many went."""
    return db.session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < retention_start(now))
    ).rowcount
