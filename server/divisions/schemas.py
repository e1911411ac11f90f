"""Division schemas."""

from marshmallow import fields, validate

from server.common.fields import TrimmedString
from server.common.schemas import BaseSchema
from shared.limits import DIVISION_NAME_MAX_LENGTH


class DivisionSchema(BaseSchema):
    """A division as the API shows it."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(dump_only=True)
    name = fields.String(dump_only=True)


class DivisionListSchema(BaseSchema):
    """Every division (a short list, so one page)."""

    items = fields.List(fields.Nested(DivisionSchema))
    next_cursor = fields.String(allow_none=True)


class AdminDivisionSchema(DivisionSchema):
    """A division with how many active people it has (admins' view)."""

    people = fields.Integer(dump_only=True)


class AdminDivisionListSchema(BaseSchema):
    items = fields.List(fields.Nested(AdminDivisionSchema))
    next_cursor = fields.String(allow_none=True)


class DivisionNameSchema(BaseSchema):
    """A new division, or a division's new name."""

    name = TrimmedString(required=True, validate=validate.Length(min=2, max=DIVISION_NAME_MAX_LENGTH))
