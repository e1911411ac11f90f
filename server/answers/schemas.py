"""Answer schemas."""

from marshmallow import fields, validate

from server.common.fields import CleanString
from server.common.schemas import BaseSchema
from server.posts.schemas import ViewerStateSchema
from server.users.schemas import UserSummarySchema
from shared.limits import ANSWER_BODY_MAX_LENGTH


class AnswerCreateSchema(BaseSchema):
    body = CleanString(required=True, validate=validate.Length(min=1, max=ANSWER_BODY_MAX_LENGTH))


class AnswerUpdateSchema(AnswerCreateSchema):
    pass


class AnswerSchema(BaseSchema):
    """An answer as the API shows it."""

    id = fields.Integer()
    post_id = fields.Integer()
    body = fields.String()
    author = fields.Nested(UserSummarySchema)
    accepted = fields.Function(lambda answer: answer.accepted_at is not None)
    accepted_at = fields.DateTime(allow_none=True)
    helpful_count = fields.Integer()
    use_count = fields.Integer()
    viewer = fields.Nested(ViewerStateSchema)
    hidden_at = fields.DateTime(allow_none=True, metadata={
        "description": "Set while an admin keeps it hidden; then only its author and admins see it."})
    hidden_reason = fields.String(allow_none=True, metadata={"description": "Why an admin hid it."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
