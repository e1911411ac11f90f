"""Trade schemas: what a proposal may say, and how a trade is shown to its two parties."""

from marshmallow import ValidationError, fields, validate, validates_schema

from server.common.fields import END_OF_DAY, CleanString, EntityId, NaturalMoment, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.users.schemas import TrustSchema, UserSummarySchema
from shared.limits import (
    ACCOUNT_MAX_LENGTH,
    DELIVERY_NOTE_MAX_LENGTH,
    LEG_DESCRIPTION_MAX_LENGTH,
    LEG_DESCRIPTION_MIN_LENGTH,
    TRADE_MESSAGE_MAX_LENGTH,
)
from shared.trades import LeadOutcome, LegKind, TradeState

LEAD_ACCOUNT_REQUIRED = "A lead names the customer account."


class LegCreateSchema(BaseSchema):
    kind = fields.Enum(LegKind, by_value=True, required=True)
    description = TrimmedString(
        required=True, validate=validate.Length(min=LEG_DESCRIPTION_MIN_LENGTH, max=LEG_DESCRIPTION_MAX_LENGTH)
    )
    due = NaturalMoment(
        date_means=END_OF_DAY,
        load_default=None,
        allow_none=True,
        metadata={
            "description": "When it is due: a date (the end of that day in the firm's time zone) or a date-time "
            '(in the firm\'s time zone unless it gives its own); null for an open "I owe you one".'
        },
    )
    account = TrimmedString(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=ACCOUNT_MAX_LENGTH),
        metadata={"description": "Leads only: the customer account."},
    )

    @validates_schema
    def lead_names_its_account(self, data, **kwargs):
        if data.get("kind") == LegKind.LEAD and not data.get("account"):
            raise ValidationError(LEAD_ACCOUNT_REQUIRED, field_name="account")
        if data.get("kind") != LegKind.LEAD and data.get("account"):
            raise ValidationError("Only a lead names a customer account.", field_name="account")


class TradeCreateSchema(BaseSchema):
    counterparty_id = EntityId(required=True, metadata={"description": "Whom you propose the trade to."})
    ask = fields.Nested(LegCreateSchema, required=True, metadata={"description": "What you ask them to give you."})
    offer = fields.Nested(LegCreateSchema, required=True, metadata={"description": "What you give them."})
    message = TrimmedString(load_default=None, allow_none=True, validate=validate.Length(max=TRADE_MESSAGE_MAX_LENGTH))
    post_id = EntityId(
        load_default=None, allow_none=True, metadata={"description": "The post the trade is about, if any."}
    )


class TradeQuerySchema(PageArgumentsSchema):
    role = CleanString(
        load_default=None,
        validate=validate.OneOf(["proposer", "counterparty"]),
        metadata={"description": "proposer: trades I proposed (my asks); counterparty: trades proposed to me."},
    )
    state = fields.Enum(TradeState, by_value=True, load_default=None)


class DeliverSchema(BaseSchema):
    note = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=DELIVERY_NOTE_MAX_LENGTH),
        metadata={"description": "What was delivered, and where to find it."},
    )


class OutcomeSchema(BaseSchema):
    outcome = fields.Enum(LeadOutcome, by_value=True, required=True)


class PartySchema(UserSummarySchema):
    """A party to a trade, with their trust beside their name."""

    trust = fields.Nested(TrustSchema)


class LegSchema(BaseSchema):
    id = fields.Integer()
    promiser_id = fields.Integer()
    receiver_id = fields.Integer()
    kind = fields.String()
    description = fields.String()
    due = fields.DateTime(allow_none=True)
    state = fields.String(metadata={"description": "promised, overdue, delivered, confirmed, broken or void"})
    account = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True, metadata={"description": "Leads, once delivered: open, won or lost."})
    delivered_at = fields.DateTime(allow_none=True)
    delivery_note = fields.String(allow_none=True)
    on_time = fields.Boolean(allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)
    broken_at = fields.DateTime(allow_none=True)


class TradeSchema(BaseSchema):
    id = fields.Integer()
    state = fields.String(metadata={"description": "proposed, accepted, completed, declined or cancelled"})
    proposer = fields.Nested(PartySchema)
    counterparty = fields.Nested(PartySchema)
    message = fields.String(allow_none=True)
    post_id = fields.Integer(
        allow_none=True, metadata={"description": "The post the trade is about; null when the caller may not see it."}
    )
    legs = fields.List(fields.Nested(LegSchema))
    created_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    cancelled_at = fields.DateTime(allow_none=True)
    cancelled_by_id = fields.Integer(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
