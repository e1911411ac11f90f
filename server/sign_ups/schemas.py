"""Sign-up request schemas."""

from marshmallow import fields, validate

from server.common.fields import CleanString, EntityId
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.sign_ups.models import SignUpState
from shared.enums import Role


class PendingSignUpSchema(BaseSchema):
    """The answer to a self sign-up: it waits for an admin."""

    status = fields.String(metadata={"description": "pending"})
    message = fields.String()


class SignUpRequestSchema(BaseSchema):
    id = fields.Integer()
    email = fields.String()
    display_name = fields.String()
    state = fields.String(metadata={"description": "pending, approved or rejected"})
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    user_id = fields.Integer(allow_none=True, metadata={"description": "The account an approval made."})


class SignUpRequestPageSchema(BaseSchema):
    items = fields.List(fields.Nested(SignUpRequestSchema), required=True)
    next_cursor = fields.String(allow_none=True)


class SignUpQuerySchema(PageArgumentsSchema):
    state = CleanString(
        load_default=SignUpState.PENDING.value, validate=validate.OneOf([state.value for state in SignUpState])
    )


class ApproveSignUpSchema(BaseSchema):
    division = EntityId(required=True, metadata={"description": "The division to place them in."})
    role = CleanString(load_default=Role.MEMBER.value, validate=validate.OneOf([role.value for role in Role]))
