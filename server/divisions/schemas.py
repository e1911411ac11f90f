"""Division schemas."""

from marshmallow import fields

from server.common.schemas import BaseSchema


class DivisionSchema(BaseSchema):
    """A division as the API shows it."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(dump_only=True)
    name = fields.String(dump_only=True)


class DivisionListSchema(BaseSchema):
    """Every division (a short list, so one page)."""

    items = fields.List(fields.Nested(DivisionSchema))
    next_cursor = fields.String(allow_none=True)
