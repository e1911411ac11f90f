"""Schemas of the administration endpoints."""

from marshmallow import ValidationError, fields, validate, validates_schema

from server.common.fields import CleanString, EntityId, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.divisions.schemas import DivisionSchema
from shared.enums import Role
from shared.limits import SEARCH_QUERY_MAX_LENGTH

ROLES = [role.value for role in Role]


class AdminPersonSchema(BaseSchema):
    """A person as admins see them."""

    id = fields.Integer()
    display_name = fields.String()
    email = fields.String()
    title = fields.String(allow_none=True)
    division = fields.Nested(DivisionSchema)
    role = fields.String()
    is_active = fields.Boolean()
    established = fields.Boolean(metadata={"description": "Whether their credits count (new colleagues' are held)."})
    reputation = fields.Integer()
    created_at = fields.DateTime()
    signs_in_with = fields.String(metadata={"description": "password or company account"})
    managed_by_identity_provider = fields.List(
        fields.String(),
        metadata={"description": "Fields the identity provider decides (division, role); they cannot be changed here."},
    )


class AdminPersonPageSchema(BaseSchema):
    items = fields.List(fields.Nested(AdminPersonSchema), required=True)
    next_cursor = fields.String(allow_none=True)


class AdminPeopleQuerySchema(PageArgumentsSchema):
    q = TrimmedString(
        validate=validate.Length(max=SEARCH_QUERY_MAX_LENGTH), metadata={"description": "Part of a name or an email."}
    )
    division = EntityId(strict=False, metadata={"description": "Division id."})
    role = CleanString(validate=validate.OneOf(ROLES))
    active = fields.Boolean(metadata={"description": "true: active people only; false: deactivated only."})


class PersonChangeSchema(BaseSchema):
    """What an admin may change about a person."""

    division = EntityId(metadata={"description": "A division id."})
    role = CleanString(validate=validate.OneOf(ROLES))
    is_active = fields.Boolean(metadata={"description": "false deactivates: their tokens stop working at once."})
    established = fields.Boolean(
        validate=validate.Equal(True, error="Vouching cannot be taken back: give true."),
        metadata={
            "description": "true vouches for them: their credits count at once "
            "instead of being held while they are new."
        },
    )

    @validates_schema
    def something_to_change(self, data, **kwargs):
        if not data:
            raise ValidationError("Give a division, role, is_active or established to change.", field_name="_schema")
