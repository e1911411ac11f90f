"""Invitation schemas."""

from marshmallow import fields, validate

from server.auth.schemas import LowerCaseEmail
from server.common.fields import CleanString, EntityId
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.divisions.schemas import DivisionSchema
from server.invitations.models import InvitationState
from shared.enums import Role
from shared.limits import EMAIL_MAX_LENGTH

ROLES = [role.value for role in Role]


class InvitationCreateSchema(BaseSchema):
    email = LowerCaseEmail(required=True, validate=validate.Length(max=EMAIL_MAX_LENGTH))
    division = EntityId(required=True, metadata={"description": "A division id from /divisions."})
    role = CleanString(load_default=Role.MEMBER.value, validate=validate.OneOf(ROLES))


class InvitationSchema(BaseSchema):
    """An invitation as admins see it; its code is never shown again after creation."""

    id = fields.Integer()
    email = fields.String()
    division = fields.Nested(DivisionSchema)
    role = fields.String()
    state = fields.String(metadata={"description": "pending, accepted, revoked or expired"})
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    accepted_at = fields.DateTime(allow_none=True)
    accepted_user_id = fields.Integer(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    mailed_at = fields.DateTime(allow_none=True)
    mail_error = fields.String(allow_none=True)


class CreatedInvitationSchema(BaseSchema):
    """A new invitation and its code: shown this once, to be passed on if it was not mailed."""

    invitation = fields.Nested(InvitationSchema)
    code = fields.String(metadata={"description": "The single-use code the colleague joins with."})
    mailed = fields.Boolean(metadata={"description": "Whether the code was mailed to the colleague."})
    mail_error = fields.String(allow_none=True)


class InvitationPageSchema(BaseSchema):
    items = fields.List(fields.Nested(InvitationSchema), required=True)
    next_cursor = fields.String(allow_none=True)


class InvitationQuerySchema(PageArgumentsSchema):
    state = CleanString(validate=validate.OneOf([state.value for state in InvitationState]))
