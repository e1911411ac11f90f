"""Helpful vote schemas."""

from marshmallow import fields

from server.common.schemas import BaseSchema


class HelpfulVoteSchema(BaseSchema):
    """A helpful vote, with the target's new total."""

    id = fields.Integer()
    post_id = fields.Integer(allow_none=True)
    answer_id = fields.Integer(allow_none=True)
    helpful_count = fields.Integer()
    created_at = fields.DateTime()
