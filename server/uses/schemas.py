"""Use schemas."""

from marshmallow import fields, validate

from server.common.fields import CleanString, StrictFloat
from server.common.schemas import BaseSchema, page_of
from server.users.schemas import UserSummarySchema
from shared.limits import MAX_HOURS_SAVED, USE_NOTE_MAX_LENGTH


class UseCreateSchema(BaseSchema):
    note = CleanString(
        required=True,
        validate=validate.Length(min=1, max=USE_NOTE_MAX_LENGTH),
        metadata={"description": "How it helped."},
    )
    hours_saved = StrictFloat(allow_none=True, validate=validate.Range(min=0, max=MAX_HOURS_SAVED, min_inclusive=False))
    deal_influenced = fields.Boolean(load_default=False)


class UseSchema(BaseSchema):
    """A use as the API shows it."""

    id = fields.Integer()
    user = fields.Nested(UserSummarySchema)
    post_id = fields.Integer(allow_none=True)
    answer_id = fields.Integer(allow_none=True)
    note = fields.String()
    hours_saved = fields.Float(allow_none=True)
    deal_influenced = fields.Boolean()
    created_at = fields.DateTime()


class UseTotalsSchema(BaseSchema):
    """What every use of one contribution adds up to."""

    uses = fields.Integer(metadata={"description": "How many people used it (one use each)."})
    hours_saved = fields.Float(metadata={"description": "The hours saved they reported, summed."})
    deals_influenced = fields.Integer(metadata={"description": "How many of them said it influenced a deal."})


class UsesPageSchema(page_of(UseSchema)):
    """A page of uses, and the totals over all of them."""

    totals = fields.Nested(UseTotalsSchema, required=True)
