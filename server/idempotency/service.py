"""Idempotency keys, as PRODUCT.md § outbox describes.

A creating POST, or an undo (DELETE of a use, a helpful vote, an acceptance), carrying
`Idempotency-Key` is remembered with its caller, method, path, a hash of its body and its
first successful response. The same key with the same request answers that response again
and changes nothing; the same key with a different request answers 422. The record is
written in the request's own transaction, under a unique constraint: when the same request
arrives many times at once, one creates and commits, the others fail on the constraint,
roll back everything they did, and answer the winner's response; one that failed because
the winner changed its rows first (an undo with nothing left to undo) answers the winner's
response as well. Failed requests are not remembered, so the person can fix the input and
retry.

A response that hands out a secret (joining answers a session's tokens, inviting answers
the invitation's code) is remembered without it, so the table never holds a usable
credential, and its replay answers 409 saying what to do instead (sign in, invite again):
such a secret is handed out once.
"""

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, current_app, make_response, request
from flask_jwt_extended import get_jwt_identity
from flask_smorest import abort
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from server.common.access import verify_access_token
from server.common.clock import utcnow
from server.common.documentation import add_operation_doc
from server.common.request_text import load_json
from server.extensions import db
from server.idempotency.models import IdempotencyRecord
from shared.limits import IDEMPOTENCY_KEY_MAX_LENGTH

HEADER = "Idempotency-Key"
PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")
REPLAYED_HEADER = "Idempotent-Replayed"
HEADER_DOC = {
    "in": "header",
    "name": HEADER,
    "required": False,
    # As checked_key takes it: 1 to IDEMPOTENCY_KEY_MAX_LENGTH printable ASCII characters, not
    # all of them spaces (they are trimmed).
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH,
        "pattern": r"^[ -~]*[!-~][ -~]*$",
    },
    "description": "A fresh UUID per action. A retry with the same key and body returns the "
    "first response and changes nothing; the same key with another body answers 422. "
    "The retry of a request whose answer held a secret shown once (a session's tokens, "
    "an invitation's code) answers 409 instead.",
}


@dataclass(frozen=True)
class Secret:
    """Fields of a response that are live credentials, handed out once: never remembered,
    and the replay of a response that carried them answers 409 with `message` instead."""

    name: str
    fields: frozenset[str]
    message: str


SESSION = Secret(
    "session",
    frozenset({"access_token", "refresh_token"}),
    "This request already succeeded and its session was handed out then; sessions "
    "are not handed out twice, so sign in.",
)
INVITATION_CODE = Secret(
    "invitation code",
    frozenset({"code"}),
    "This invitation was already made and its code shown then, once; if the code "
    "was lost, revoke the invitation and invite again.",
)
SECRETS = {secret.name: secret for secret in (SESSION, INVITATION_CODE)}


def idempotent(view=None, *, secrets: tuple[Secret, ...] = ()):
    """Honour `Idempotency-Key` on a creating POST or an undoing DELETE (outermost
    decorator of the view, bare or given the `secrets` its answers carry besides a session)."""
    if view is None:
        return lambda undecorated: idempotent(undecorated, secrets=secrets)
    withheld_secrets = (SESSION, *secrets)

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
        try:
            response = make_response(view(*args, **kwargs))
        except (HTTPException, IntegrityError):
            # On PostgreSQL the same request can run twice at once; the one that waited on
            # the other's rows fails (an undo finds nothing left to undo, or collides with
            # it). If the other committed under this key, its answer is this one's too.
            record = committed_record(owner=owner, key=key)
            if record is not None:
                return replay(record, fingerprint)
            raise
        if response.status_code >= 300:
            return response
        forget_expired_record(owner=owner, key=key)
        body, withheld = without_secrets(response.get_data(as_text=True), withheld_secrets)
        db.session.add(
            IdempotencyRecord(
                owner=owner,
                key=key,
                method=request.method,
                path=request.path,
                body_hash=fingerprint,
                status_code=response.status_code,
                response_body=body,
                withheld_secret=withheld,
                created_at=utcnow(),
            )
        )
        try:
            db.session.flush()
        except IntegrityError:
            # Another request with this key committed first: undo ours, answer theirs.
            db.session.rollback()
            return replay(find_record(owner=owner, key=key), fingerprint)
        return response

    # A malformed key, or one used for another request, answers 422.
    return add_operation_doc(remembering_view, parameters=[HEADER_DOC], responses={"422": "UNPROCESSABLE_ENTITY"})


def checked_key(key: str) -> str:
    """The key, or 422 naming the header when it is empty, too long or not printable ASCII
    (a header's bytes arrive as Latin-1, and a NUL could not be stored)."""
    key = key.strip()
    if not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX_LENGTH or not PRINTABLE_ASCII.fullmatch(key):
        message = f"Must be 1–{IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters (a UUID will do)."
        abort(422, message=f"Invalid input: {HEADER}: {message}", errors={"headers": {HEADER: [message]}})
    return key


def request_owner() -> str:
    """Whose keys these are: the signed-in user, or the anonymous caller (sign-up)."""
    verify_access_token(optional=True)
    identity = get_jwt_identity()
    return f"user:{identity}" if identity is not None else "anonymous"


def request_fingerprint() -> str:
    """A hash of the request body; JSON is canonicalised so key order does not matter, and a
    multipart form (a photo) is hashed by its fields and files' contents, since its boundary
    is chosen afresh by each sending."""
    if request.mimetype == "multipart/form-data":
        return multipart_fingerprint()
    raw = request.get_data(cache=True)
    try:
        canonical = json.dumps(load_json(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        # Not JSON (or too deep to read): the view refuses it; its bytes stand for it here.
        canonical = raw
    return hashlib.sha256(canonical).hexdigest()


def multipart_fingerprint() -> str:
    """A hash of a multipart form's text fields and of each file's name and bytes (the file
    streams are rewound for the view)."""
    digest = hashlib.sha256(b"multipart\0")
    for name, value in sorted(request.form.items(multi=True)):
        digest.update(json.dumps(["field", name, value]).encode("utf-8", "surrogatepass"))
    for name, upload in sorted(request.files.items(multi=True), key=lambda pair: pair[0]):
        content = hashlib.sha256()
        while chunk := upload.stream.read(64 * 1024):
            content.update(chunk)
        upload.stream.seek(0)
        digest.update(json.dumps(["file", name, upload.filename, content.hexdigest()]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def without_secrets(body: str, secrets: tuple[Secret, ...]) -> tuple[str, str | None]:
    """A response body as it may be kept: with the fields of every secret removed at any
    depth, and the name of the secret that was there (None when there was none)."""
    try:
        document = json.loads(body)
    except ValueError:
        return body, None
    fields = frozenset().union(*(secret.fields for secret in secrets))
    found = set()

    def strip(node):
        if isinstance(node, dict):
            found.update(fields.intersection(node))
            return {name: strip(value) for name, value in node.items() if name not in fields}
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    stripped = strip(document)
    if not found:
        return body, None
    return json.dumps(stripped), next(secret.name for secret in secrets if secret.fields & found)


def committed_record(*, owner: str, key: str) -> IdempotencyRecord | None:
    """The record another request committed under this key while this one ran, if any;
    this request's own work is rolled back first (it failed, and is not to be kept)."""
    db.session.rollback()
    return find_record(owner=owner, key=key)


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
    db.session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.owner == owner,
            IdempotencyRecord.key == key,
            IdempotencyRecord.created_at < retention_start(utcnow()),
        )
    )


def replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    """The first response again, or 422 when the key was used for another request."""
    if (record.method, record.path, record.body_hash) != (request.method, request.path, fingerprint):
        abort(
            422,
            message=f"This {HEADER} was already used for a different request.",
            errors={"headers": {HEADER: ["Already used for a different request."]}},
        )
    if record.withheld_secret is not None:
        secret = SECRETS.get(record.withheld_secret, SESSION)
        abort(
            409,
            message=secret.message,
            errors={"headers": {HEADER: [f"Already answered, with a {secret.name} that is shown once."]}},
        )
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
