"""Leaderboard schemas."""

from marshmallow import fields, validate

from server.common.fields import EntityId
from server.common.schemas import BaseSchema
from server.users.schemas import UserSummarySchema
from shared.limits import PAGE_MAX_LIMIT
from shared.rules import Metric, Period


class LeaderboardQuerySchema(BaseSchema):
    metric = fields.Enum(
        Metric,
        by_value=True,
        load_default=Metric.REPUTATION,
        metadata={
            "description": (
                "reputation: points earned in the period; uses: uses received; accepted: answers accepted; "
                "trades: legs kept on time; bridges: people in other divisions with whom a first trade was "
                "completed in the period."
            )
        },
    )
    period = fields.Enum(Period, by_value=True, load_default=Period.WEEK)
    division = EntityId(
        strict=False, load_default=None, metadata={"description": "A division id; firm-wide when omitted."}
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_MAX_LIMIT))


class RankedUserSchema(BaseSchema):
    rank = fields.Integer()
    user = fields.Nested(UserSummarySchema)
    score = fields.Integer()


class StandingSchema(BaseSchema):
    rank = fields.Integer()
    score = fields.Integer()


class LeaderboardSchema(BaseSchema):
    metric = fields.String()
    period = fields.String()
    division_id = fields.Integer(allow_none=True)
    starts_on = fields.Date(allow_none=True, metadata={"description": "First day of the period (firm time zone)."})
    ends_on = fields.Date(allow_none=True, metadata={"description": "First day after the period."})
    items = fields.List(fields.Nested(RankedUserSchema))
    me = fields.Nested(StandingSchema, metadata={"description": "The caller's own rank and score."})
