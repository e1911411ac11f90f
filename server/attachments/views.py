"""`/attachments`: upload a photo, and read a photo or its thumbnail."""

from flask import request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import RAISE

from server.attachments import service, storage
from server.attachments.schemas import AttachmentSchema, PhotoUploadSchema
from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.uploads import body_limit
from server.extensions import db
from server.idempotency.service import idempotent
from shared.limits import ATTACHMENT_MAX_BYTES, ATTACHMENT_REQUEST_MAX_BYTES
from shared.wording import photo_too_large

blueprint = Blueprint(
    "attachments", __name__, url_prefix="/api/v1/attachments", description="Photos from the field on posts and answers."
)

# A photo's bytes: a JPEG, or a PNG for a photo with transparency.
IMAGE = {"type": "string", "format": "binary"}


@blueprint.route("")
class Attachments(MethodView):
    @idempotent
    @body_limit(ATTACHMENT_REQUEST_MAX_BYTES, message=photo_too_large(None, ATTACHMENT_MAX_BYTES))
    @auth_required
    @blueprint.arguments(PhotoUploadSchema, location="files", unknown=RAISE)
    @blueprint.response(201, AttachmentSchema)
    @error_responses(409, 422, 503)
    def post(self, files):
        """Upload a photo for a post or an answer: it is re-encoded without its EXIF (location and
        the rest), scaled to at most 2560 pixels a side and given a thumbnail. Until a post or
        answer names it in `attachment_ids`, only its uploader can see it; unposted photos are
        deleted after a while. 413 for a file over the size limit."""
        refuse_text_parts()
        return service.upload_photo(uploader=caller(), upload=files["photo"])


def refuse_text_parts() -> None:
    """The form's only part is the file: a text part is unknown input, refused like an unknown
    field of a JSON body (webargs reads only the files of a `files` location)."""
    if request.form:
        abort(
            422,
            message="Invalid input: send the photo as the form's only part, `photo`.",
            errors={"form": {name: ["Unknown field."] for name in request.form}},
        )


@blueprint.route("/<int:attachment_id>")
class AttachmentImage(MethodView):
    @auth_required
    @blueprint.response(200, IMAGE, content_type="image/jpeg", description="The photo.")
    @blueprint.alt_response(200, schema=IMAGE, content_type="image/png", success=True, description="The photo.")
    @error_responses(404, 503)
    def get(self, attachment_id):
        """A photo, for those who may see the post or answer it belongs to (404 for everyone else)."""
        return service.image_response(attachment_id=attachment_id, viewer=caller())


@blueprint.route("/<int:attachment_id>/thumbnail")
class AttachmentThumbnail(MethodView):
    @auth_required
    @blueprint.response(200, IMAGE, content_type="image/jpeg", description="The thumbnail (always a JPEG).")
    @error_responses(404, 503)
    def get(self, attachment_id):
        """A photo's thumbnail (at most 320 pixels a side), seen by those who may see the photo."""
        return service.image_response(attachment_id=attachment_id, viewer=caller(), thumbnail=True)


@blueprint.teardown_app_request
def discard_uncommitted_files(_error):
    """Files a failed request stored and no rollback removed (server.attachments.storage)."""
    storage.discard_uncommitted(db.session())
