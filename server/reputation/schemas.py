"""Reputation history schemas."""

from marshmallow import fields

from server.common.schemas import BaseSchema
from server.users.schemas import UserSummarySchema
from shared.rules import CapReason


class PostReferenceSchema(BaseSchema):
    id = fields.Integer()
    title = fields.String()


class ReputationEntrySchema(BaseSchema):
    """One ledger entry and why it was written."""

    id = fields.Integer()
    event = fields.String()
    points = fields.Integer(metadata={"description": "What the entry earned, after caps."})
    base_points = fields.Integer(metadata={"description": "What the event is worth before caps."})
    cap_reason = fields.String(
        allow_none=True,
        metadata={
            "description": "Why it earned less than its event is worth: "
            + ", ".join(reason.value for reason in CapReason)
        },
    )
    cross_division = fields.Boolean()
    reverses_id = fields.Integer(allow_none=True, metadata={"description": "The entry this one undoes."})
    reason = fields.String(metadata={"description": "The entry in plain words."})
    actor = fields.Nested(UserSummarySchema, allow_none=True)
    post = fields.Nested(
        PostReferenceSchema, allow_none=True, metadata={"description": "Null when the caller may not see the post."}
    )
    created_at = fields.DateTime()
