"""Analytics schemas: the window a leader asks for, and every figure as the API shows it."""

from marshmallow import ValidationError, fields, validate, validates_schema

from server.common.fields import CalendarDate
from server.common.schemas import BaseSchema
from server.divisions.schemas import DivisionSchema
from server.users.schemas import UserSummarySchema
from shared.analytics import (
    ANALYTICS_MAX_DAYS,
    TREND_MAX_STEPS,
    AnalyticsFormat,
    TrendInterval,
)
from shared.limits import PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT
from shared.rules import Period
from shared.trades import LeadOutcome, LegKind


class WindowQuerySchema(BaseSchema):
    """`?period=` (the calendar period containing today; a month when neither is given) or
    `?from=&to=` (days, both included, in the firm's time zone), and `?format=`."""

    period = fields.Enum(
        Period,
        by_value=True,
        load_default=None,
        metadata={"description": "The calendar period containing today (firm time zone); month by default."},
    )
    from_day = CalendarDate(data_key="from", load_default=None, metadata={"description": "First day of a range."})
    to_day = CalendarDate(data_key="to", load_default=None, metadata={"description": "Last day of a range (included)."})
    format = fields.Enum(
        AnalyticsFormat,
        by_value=True,
        load_default=AnalyticsFormat.JSON,
        metadata={"description": "csv: the same figures as a spreadsheet attachment, one row per cell or person."},
    )

    @validates_schema
    def check_range(self, data, **kwargs):
        check_days(data, period_allowed=True)


def check_days(data: dict, *, period_allowed: bool, max_days: int = ANALYTICS_MAX_DAYS) -> None:
    """Both ends of a range or neither, in order, not longer than `max_days`, and not
    together with a period."""
    from_day, to_day = data.get("from_day"), data.get("to_day")
    if (from_day is None) != (to_day is None):
        missing = "to" if to_day is None else "from"
        raise ValidationError("Give both from and to, or neither.", missing)
    if from_day is None:
        return
    if period_allowed and data.get("period") is not None:
        raise ValidationError("Give a period or from and to, not both.", "period")
    if to_day < from_day:
        raise ValidationError("Must not be before from.", "to")
    if (to_day - from_day).days + 1 > max_days:
        raise ValidationError(f"A range may cover at most {max_days} days.", "to")


class ListedQuerySchema(WindowQuerySchema):
    limit = fields.Integer(
        load_default=PAGE_DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=PAGE_MAX_LIMIT),
        metadata={"description": f"People per list, 1–{PAGE_MAX_LIMIT}."},
    )


class TrendsQuerySchema(BaseSchema):
    """`?period=week|month` (the length of each step) over `?from=&to=`, or the last 12 steps."""

    period = fields.Enum(
        TrendInterval,
        by_value=True,
        load_default=TrendInterval.MONTH,
        metadata={"description": "The length of each step."},
    )
    from_day = CalendarDate(data_key="from", load_default=None, metadata={"description": "A day in the first step."})
    to_day = CalendarDate(data_key="to", load_default=None, metadata={"description": "A day in the last step."})
    format = fields.Enum(AnalyticsFormat, by_value=True, load_default=AnalyticsFormat.JSON)

    @validates_schema
    def check_range(self, data, **kwargs):
        step_days = 7 if data.get("period") == TrendInterval.WEEK else 31
        check_days(data, period_allowed=False, max_days=step_days * TREND_MAX_STEPS)


class WindowSchema(BaseSchema):
    period = fields.String(metadata={"description": "week, month, quarter, year, all or range."})
    starts_on = fields.Date(allow_none=True, metadata={"description": "First day (firm time zone); null for all time."})
    ends_on = fields.Date(allow_none=True, metadata={"description": "First day after the window."})


def counts_by(names) -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=validate.OneOf(list(names))), values=fields.Integer())


class FlowFiguresSchema(BaseSchema):
    uses = fields.Integer()
    hours_saved = fields.Float()
    deals_influenced = fields.Integer()
    accepted_answers = fields.Integer()
    legs = counts_by(kind.value for kind in LegKind)
    leads = counts_by(outcome.value for outcome in LeadOutcome)
    total = fields.Integer(metadata={"description": "Uses, accepted answers and kept legs, each once."})


class FlowCellSchema(FlowFiguresSchema):
    from_division_id = fields.Integer()
    to_division_id = fields.Integer()
    cross_division = fields.Boolean()


class DivisionTotalsSchema(BaseSchema):
    division_id = fields.Integer()
    given = fields.Integer()
    received = fields.Integer()
    given_across = fields.Integer(metadata={"description": "Given to other divisions."})
    received_across = fields.Integer(metadata={"description": "Received from other divisions."})


class FirmFlowTotalsSchema(FlowFiguresSchema):
    across = fields.Integer(metadata={"description": "Value that crossed divisions."})


class FlowsSchema(BaseSchema):
    window = fields.Nested(WindowSchema)
    divisions = fields.List(fields.Nested(DivisionSchema))
    cells = fields.List(
        fields.Nested(FlowCellSchema), metadata={"description": "Every giver × receiver division pair, zeros included."}
    )
    division_totals = fields.List(fields.Nested(DivisionTotalsSchema))
    totals = fields.Nested(FirmFlowTotalsSchema)


class PairFlowSchema(BaseSchema):
    first_to_second = fields.Integer()
    second_to_first = fields.Integer()
    status = fields.String(metadata={"description": "none (white space), one_way or both_ways."})


class WhiteSpacePairSchema(PairFlowSchema):
    division_ids = fields.List(fields.Integer(), metadata={"description": "The pair, lower id first."})
    previous = fields.Nested(PairFlowSchema, allow_none=True)
    change = fields.String(
        allow_none=True,
        metadata={
            "description": "opened, closed, became_two_way, became_one_way, reversed or unchanged; null for all time."
        },
    )


class StatusCountsSchema(BaseSchema):
    none = fields.Integer()
    one_way = fields.Integer()
    both_ways = fields.Integer()


class WhiteSpaceSchema(BaseSchema):
    window = fields.Nested(WindowSchema)
    previous_window = fields.Nested(WindowSchema, allow_none=True)
    divisions = fields.List(fields.Nested(DivisionSchema))
    pairs = fields.List(fields.Nested(WhiteSpacePairSchema))
    counts = fields.Nested(StatusCountsSchema)
    previous_counts = fields.Nested(StatusCountsSchema, allow_none=True)


class PersonFiguresSchema(BaseSchema):
    user = fields.Nested(UserSummarySchema)
    given = fields.Integer()
    received = fields.Integer()
    balance = fields.Integer(metadata={"description": "Given minus received."})
    divisions_reached = fields.Integer(metadata={"description": "Other divisions given to or received from."})
    reached_division_ids = fields.List(fields.Integer(), metadata={"description": "Which other divisions."})
    gave_to_divisions = fields.Integer()
    got_from_divisions = fields.Integer()
    cross_division_ties = fields.Integer(metadata={"description": "People in other divisions exchanged with."})
    betweenness = fields.Float()
    constraint = fields.Float(metadata={"description": "Burt's constraint: low for people who bridge holes."})
    top_tie_holder = fields.Boolean()
    top_giver = fields.Boolean()
    overloaded = fields.Boolean()
    taker = fields.Boolean()


class OverloadSchema(BaseSchema):
    people = fields.Integer(metadata={"description": "Active people in the firm."})
    top_tie_holders = fields.Integer()
    cross_division_ties = fields.Integer()
    ties_share_of_top_tie_holders = fields.Float(
        allow_none=True, metadata={"description": "Share of cross-division ties the top 10% of people take part in."}
    )
    top_givers = fields.Integer()
    value_given = fields.Integer()
    value_share_of_top_givers = fields.Float(
        allow_none=True, metadata={"description": "Share of all value given by the top 5% of people."}
    )


class DivisionBalanceSchema(BaseSchema):
    division_ids = fields.List(fields.Integer())
    first_to_second = fields.Integer()
    second_to_first = fields.Integer()
    balance = fields.Integer()


class BrokersSchema(BaseSchema):
    window = fields.Nested(WindowSchema)
    brokers = fields.List(fields.Nested(PersonFiguresSchema))
    overload = fields.Nested(OverloadSchema)
    takers = fields.List(fields.Nested(PersonFiguresSchema))
    overloaded_givers = fields.List(fields.Nested(PersonFiguresSchema))
    division_balances = fields.List(fields.Nested(DivisionBalanceSchema))


class PromiseTotalsSchema(BaseSchema):
    overdue = fields.Integer(metadata={"description": "Legs overdue now."})
    broken = fields.Integer(metadata={"description": "Legs broken in the window."})
    kept_on_time = fields.Integer()
    kept_late = fields.Integer()


class PromiseFiguresSchema(PromiseTotalsSchema):
    division_id = fields.Integer()
    average_trust = fields.Float(
        allow_none=True, metadata={"description": "Average trust of the division's people who have settled a promise."}
    )
    people_with_trust = fields.Integer()


class OverduePersonSchema(BaseSchema):
    user = fields.Nested(UserSummarySchema)
    overdue = fields.Integer()
    oldest_due = fields.DateTime()


class PromisesSchema(BaseSchema):
    window = fields.Nested(WindowSchema)
    divisions = fields.List(fields.Nested(DivisionSchema))
    division_figures = fields.List(fields.Nested(PromiseFiguresSchema))
    totals = fields.Nested(PromiseTotalsSchema)
    most_overdue = fields.List(fields.Nested(OverduePersonSchema))


class TrendStepSchema(BaseSchema):
    starts_on = fields.Date()
    ends_on = fields.Date()
    value_given = fields.Integer()
    value_across = fields.Integer()
    share_across = fields.Float(allow_none=True)
    uses = fields.Integer()
    hours_saved = fields.Float()
    deals_influenced = fields.Integer()
    accepted_answers = fields.Integer()
    legs_kept = fields.Integer()
    leads = counts_by(outcome.value for outcome in LeadOutcome)
    broken_legs = fields.Integer()
    white_space_pairs = fields.Integer()
    one_way_pairs = fields.Integer()
    two_way_pairs = fields.Integer()
    ties_share_of_top_tie_holders = fields.Float(allow_none=True)
    value_share_of_top_givers = fields.Float(allow_none=True)


class TrendsSchema(BaseSchema):
    period = fields.String(metadata={"description": "The length of each step: week or month."})
    steps = fields.List(fields.Nested(TrendStepSchema))
