"""Photos: upload (checked and re-encoded), claimed by a post or an answer, served to those
who may see what they belong to, and deleted with it.

Who sees a photo:
- on nothing yet (just uploaded, its post still in the phone's outbox): its uploader alone;
- on a post: whoever may see the post (server.posts.visibility: its audience, not while an
  admin hides it, never once deleted);
- on an answer: whoever may see the answer and its post.
Everyone else gets the 404 of an id nobody used.
"""

import logging
import secrets
from datetime import timedelta

from flask import Response
from flask_smorest import abort
from sqlalchemy import delete, exists, func, select, update
from werkzeug.datastructures import FileStorage

from server.answers.models import Answer
from server.attachments import storage
from server.attachments.images import ACCEPTED_NAMES, PhotoRefused, process_photo
from server.attachments.models import Attachment
from server.common.clock import utcnow
from server.common.validation import refuse_field
from server.database import release_transaction_for_slow_work
from server.extensions import db
from server.posts.models import Post
from server.posts.visibility import visible_answer_condition, visible_post_condition
from server.users.models import User
from shared.limits import ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_UNPOSTED, ATTACHMENT_TYPES, ATTACHMENT_UNPOSTED_HOURS
from shared.wording import photo_too_large

log = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = "No such photo."
FIELD = "attachment_ids"
NOT_YOURS_MESSAGE = "Not one of your photos waiting to be posted: upload it with POST /attachments first."
UNAVAILABLE_MESSAGE = "Photos cannot be reached right now; try again in a moment."
# What a client may call the file it sends, besides the accepted types: some galleries say
# image/jpg, old browsers image/pjpeg, and many clients say nothing more than "bytes".
DECLARED_TYPES = frozenset(ATTACHMENT_TYPES) | {"image/jpg", "image/pjpeg", "application/octet-stream", ""}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}
# Browsers and apps may keep a photo a day: its bytes never change (an edit replaces the photo).
CACHE_CONTROL = "private, max-age=86400"


def upload_photo(*, uploader: User, upload: FileStorage) -> Attachment:
    """Check, re-encode and store a photo; it is `uploader`'s alone until a post takes it."""
    data = upload.stream.read(ATTACHMENT_MAX_BYTES + 1)
    if not data:
        refuse_field(field="photo", message="The file is empty.", location="files")
    if len(data) > ATTACHMENT_MAX_BYTES:
        message = photo_too_large(None, ATTACHMENT_MAX_BYTES)
        abort(413, message=message, errors={"files": {"photo": [message]}})
    if (upload.mimetype or "").lower() not in DECLARED_TYPES:
        refuse_field(
            field="photo",
            location="files",
            message=f"This file was not sent as a photo; send a {ACCEPTED_NAMES} photo.",
        )
    unposted = db.session.execute(
        select(func.count())
        .select_from(Attachment)
        .where(Attachment.uploader_id == uploader.id, Attachment.post_id.is_(None), Attachment.answer_id.is_(None))
    ).scalar_one()
    if unposted >= ATTACHMENT_MAX_UNPOSTED:
        abort(
            409,
            message=f"You have {unposted} photos waiting for their post; post them (or wait "
            f"{ATTACHMENT_UNPOSTED_HOURS} hours, when unposted photos are deleted) before adding more.",
        )
    # Decoding and re-encoding take a good part of a second: never inside a transaction, where
    # SQLite's write lock would stall every other writer meanwhile.
    release_transaction_for_slow_work()
    try:
        photo = process_photo(data)
    except PhotoRefused as refusal:
        refuse_field(field="photo", message=str(refusal), location="files")
    name = secrets.token_hex(16)
    # Spread over 256 directories, so that no directory of the local store grows huge.
    key = f"{name[:2]}/{name}.{EXTENSIONS[photo.image.content_type]}"
    thumbnail_key = f"{name[:2]}/{name}.thumbnail.{EXTENSIONS[photo.thumbnail.content_type]}"
    try:
        storage.stage(db.session(), key, photo.image.data, photo.image.content_type)
        storage.stage(db.session(), thumbnail_key, photo.thumbnail.data, photo.thumbnail.content_type)
    except (storage.StoreError, OSError) as error:
        log.error("Could not store a photo: %s", error)
        abort(503, message=UNAVAILABLE_MESSAGE)
    attachment = Attachment(
        uploader_id=uploader.id,
        content_type=photo.image.content_type,
        width=photo.image.width,
        height=photo.image.height,
        byte_size=len(photo.image.data),
        storage_key=key,
        thumbnail_key=thumbnail_key,
        thumbnail_content_type=photo.thumbnail.content_type,
        thumbnail_width=photo.thumbnail.width,
        thumbnail_height=photo.thumbnail.height,
        position=0,
        created_at=utcnow(),
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def attach(
    *, ids: list[int], owner: User, post: Post | None = None, answer: Answer | None = None, first_position: int = 0
) -> None:
    """Give a post or an answer these photos, in order: each must be `owner`'s and on nothing
    yet. The claim is one conditional UPDATE per photo, so two posts racing for one photo
    cannot both take it (the loser's request is refused and undone)."""
    now = utcnow()
    for offset, attachment_id in enumerate(ids):
        claimed = db.session.execute(
            update(Attachment)
            .where(
                Attachment.id == attachment_id,
                Attachment.uploader_id == owner.id,
                Attachment.post_id.is_(None),
                Attachment.answer_id.is_(None),
            )
            .values(
                post_id=post.id if post else None,
                answer_id=answer.id if answer else None,
                position=first_position + offset,
                attached_at=now,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            refuse_field(field=FIELD, message=NOT_YOURS_MESSAGE)


def replace(*, ids: list[int], editor: User, post: Post | None = None, answer: Answer | None = None) -> None:
    """An edit's photos: those of the post or answer named again stay (in the new order), new
    ones are claimed as `attach` does (the editor's own), and the others are deleted."""
    current = photos_of(post_ids=[post.id] if post else [], answer_ids=[answer.id] if answer else [])
    current = current.get(post.id if post else answer.id, [])
    kept_ids = {attachment.id for attachment in current} & set(ids)
    remove([attachment for attachment in current if attachment.id not in kept_ids])
    for position, attachment_id in enumerate(ids):
        if attachment_id in kept_ids:
            db.session.execute(
                update(Attachment)
                .where(Attachment.id == attachment_id)
                .values(position=position)
                .execution_options(synchronize_session=False)
            )
        else:
            attach(ids=[attachment_id], owner=editor, post=post, answer=answer, first_position=position)


def remove(attachments: list[Attachment]) -> None:
    """Delete these photos: their rows now, their files once the request has committed."""
    if not attachments:
        return
    db.session.execute(
        delete(Attachment)
        .where(Attachment.id.in_([item.id for item in attachments]))
        .execution_options(synchronize_session=False)
    )
    storage.delete_after_commit(
        db.session(), [key for item in attachments for key in (item.storage_key, item.thumbnail_key)]
    )


def remove_photos_of(*, post: Post | None = None, answer: Answer | None = None) -> None:
    """A deleted post (with its answers') or answer takes its photos with it."""
    if post is not None:
        condition = (Attachment.post_id == post.id) | Attachment.answer_id.in_(
            select(Answer.id).where(Answer.post_id == post.id)
        )
    else:
        condition = Attachment.answer_id == answer.id
    remove(list(db.session.execute(select(Attachment).where(condition)).scalars()))


def has_photos(*, post_id=None, answer_id=None):
    """An EXISTS: whether the post `post_id` (or the answer `answer_id`) has photos; a column
    to correlate with, so that a list asks `photos_of` only about those that have any."""
    return exists().where(Attachment.post_id == post_id if post_id is not None else Attachment.answer_id == answer_id)


def photos_of(*, post_ids=(), answer_ids=()) -> dict[int, list[Attachment]]:
    """The photos of these posts (or answers), by post (or answer) id, in their order: one query."""
    post_ids, answer_ids = list(post_ids), list(answer_ids)
    if not post_ids and not answer_ids:
        return {}
    owner = Attachment.post_id if post_ids else Attachment.answer_id
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.execute(
        select(Attachment).where(owner.in_(post_ids or answer_ids)).order_by(owner, Attachment.position, Attachment.id)
    ).scalars():
        found.setdefault(attachment.post_id if post_ids else attachment.answer_id, []).append(attachment)
    return found


def get_visible_attachment(*, attachment_id: int, viewer: User) -> Attachment:
    """The photo if `viewer` may see what it belongs to (see the module's docstring); else 404."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not may_see(attachment, viewer):
        abort(404, message=NOT_FOUND_MESSAGE)
    return attachment


def may_see(attachment: Attachment, viewer: User) -> bool:
    if attachment.post_id is not None:
        seen = exists().where(Post.id == attachment.post_id, visible_post_condition(viewer=viewer))
    elif attachment.answer_id is not None:
        seen = exists().where(
            Answer.id == attachment.answer_id,
            Answer.post_id == Post.id,
            visible_answer_condition(viewer=viewer),
            visible_post_condition(viewer=viewer),
        )
    else:
        return attachment.uploader_id == viewer.id
    return db.session.execute(select(seen)).scalar_one()


def image_response(*, attachment_id: int, viewer: User, thumbnail: bool = False) -> Response:
    """The photo (or its thumbnail) streamed from the store, for someone who may see it."""
    attachment = get_visible_attachment(attachment_id=attachment_id, viewer=viewer)
    key = attachment.thumbnail_key if thumbnail else attachment.storage_key
    try:
        stored = storage.current_store().open(key)
    except (storage.StoreError, OSError) as error:
        log.error("Could not read photo %s (%s): %s", attachment.id, key, error)
        abort(503, message=UNAVAILABLE_MESSAGE)
    response = Response(
        stored.chunks,
        direct_passthrough=True,
        mimetype=attachment.thumbnail_content_type if thumbnail else attachment.content_type,
    )
    response.content_length = stored.length
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Disposition"] = "inline"
    return response


def prune_unposted(*, now) -> int:
    """Delete photos no post or answer took within ATTACHMENT_UNPOSTED_HOURS; how many went."""
    stale = list(
        db.session.execute(
            select(Attachment).where(
                Attachment.post_id.is_(None),
                Attachment.answer_id.is_(None),
                Attachment.created_at < now - timedelta(hours=ATTACHMENT_UNPOSTED_HOURS),
            )
        ).scalars()
    )
    remove(stale)
    return len(stale)
