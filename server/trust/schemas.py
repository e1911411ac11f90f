"""Trust schemas."""

from marshmallow import fields

from server.users.schemas import TrustSchema


class TrustStandingSchema(TrustSchema):
    """A person's trust with the size of their circle."""

    user_id = fields.Integer()
    late = fields.Integer(metadata={"description": "Legs delivered after their due time."})
    broken = fields.Integer(metadata={"description": "Legs broken: 7 days overdue, or called off."})
    circle_size = fields.Integer(metadata={"description": "People they completed at least one trade with."})
