"""Answer schemas."""

from marshmallow import ValidationError, fields, validate, validates_schema

from server.attachments.schemas import AttachmentListField, attachment_ids_field
from server.common.fields import CleanString, EntityId
from server.common.schemas import BaseSchema
from server.posts.schemas import ViewerStateSchema
from server.users.schemas import UserSummarySchema
from shared.limits import ANSWER_BODY_MAX_LENGTH, MAX_ATTACHMENTS


class AnswerUpdateSchema(BaseSchema):
    body = CleanString(required=True, validate=validate.Length(min=1, max=ANSWER_BODY_MAX_LENGTH))
    attachment_ids = attachment_ids_field(
        f"The answer's photos from now on (up to {MAX_ATTACHMENTS}), in order; left out: unchanged. Photos "
        "it has that are not named are deleted; new ones are the editor's own from POST /attachments."
    )


class AnswerCreateSchema(BaseSchema):
    """An answer's text, or one of the author's own insights linked as the answer (with an
    optional word of its own)."""

    body = CleanString(
        validate=validate.Length(min=1, max=ANSWER_BODY_MAX_LENGTH),
        metadata={"description": "Required unless `insight_id` is given."},
    )
    insight_id = EntityId(metadata={"description": "One of the caller's own insights that answers this."})
    attachment_ids = attachment_ids_field()

    @validates_schema
    def check_something_to_say(self, data, **kwargs):
        if "body" not in data and "insight_id" not in data:
            raise ValidationError("Write an answer, or link one of your insights.", field_name="body")


class LinkedInsightSchema(BaseSchema):
    id = fields.Integer()
    title = fields.String()


class AnswerSchema(BaseSchema):
    """An answer as the API shows it."""

    id = fields.Integer()
    post_id = fields.Integer()
    body = fields.String()
    author = fields.Nested(UserSummarySchema)
    accepted = fields.Function(lambda answer: answer.accepted_at is not None)
    accepted_at = fields.DateTime(allow_none=True)
    insight = fields.Nested(
        LinkedInsightSchema,
        allow_none=True,
        attribute="visible_insight",
        metadata={
            "description": "The author's insight this answer links; null when none, or when the caller may not see it."
        },
    )
    helpful_count = fields.Integer()
    use_count = fields.Integer()
    viewer = fields.Nested(ViewerStateSchema)
    attachments = AttachmentListField(metadata={"description": "The answer's photos, in order."})
    hidden_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "Set while an admin keeps it hidden; then only its author and admins see it."},
    )
    hidden_reason = fields.String(allow_none=True, metadata={"description": "Why an admin hid it."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
