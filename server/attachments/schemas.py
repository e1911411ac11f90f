"""Attachment schemas: the upload form, a photo as the API shows it, and the `attachment_ids`
that posts and answers take."""

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields, validate
from werkzeug.datastructures import FileStorage

from server.common.fields import EntityId
from server.common.schemas import BaseSchema
from shared.limits import ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, MAX_ATTACHMENTS
from shared.wording import accepted_photo_types, megabytes


class PhotoFile(Upload):
    """An uploaded file (a multipart part with a file name). What it holds is checked by the
    photo pipeline (server.attachments.images), never by what the client calls it."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ValidationError("Send the photo as a file.")
        return value


class PhotoUploadSchema(BaseSchema):
    """`multipart/form-data` with one file part, `photo`."""

    photo = PhotoFile(
        required=True,
        metadata={
            "description": f"A {accepted_photo_types(ATTACHMENT_TYPES.values())} photo of at most "
            f"{megabytes(ATTACHMENT_MAX_BYTES)}. It is re-encoded: its EXIF (location "
            "and the rest) is not kept."
        },
    )


class AttachmentSchema(BaseSchema):
    """A photo as the API shows it; `url` and `thumbnail_url` need the bearer token too."""

    id = fields.Integer()
    content_type = fields.String(metadata={"description": "image/jpeg, or image/png for a photo with transparency."})
    width = fields.Integer()
    height = fields.Integer()
    byte_size = fields.Integer()
    thumbnail_width = fields.Integer()
    thumbnail_height = fields.Integer()
    url = fields.Function(lambda attachment: url_for("attachments.AttachmentImage", attachment_id=attachment.id))
    thumbnail_url = fields.Function(
        lambda attachment: url_for("attachments.AttachmentThumbnail", attachment_id=attachment.id)
    )
    created_at = fields.DateTime()


def unique_ids(ids: list[int]) -> None:
    if len(set(ids)) != len(ids):
        raise ValidationError("Each photo may be named once.")


def attachment_ids_field(description: str | None = None) -> fields.List:
    """Photos for a post or an answer, in the order they are shown: ids from POST /attachments."""
    return fields.List(
        EntityId(),
        validate=[validate.Length(max=MAX_ATTACHMENTS), unique_ids],
        metadata={
            "description": description
            or f"Up to {MAX_ATTACHMENTS} photos uploaded by the caller with "
            "POST /attachments, in the order they are shown."
        },
    )


class AttachmentListField(fields.List):
    """A post's or answer's photos, as `describe_posts` / `describe_answers` found them."""

    def __init__(self, **kwargs):
        super().__init__(fields.Nested(AttachmentSchema), attribute="attachment_list", dump_default=list, **kwargs)
