"""Freshness schemas: a post's freshness as shown, a colleague's report, a tag's interval."""

from marshmallow import fields, validate

from server.common.fields import CleanString
from server.common.schemas import BaseSchema
from shared.freshness import (
    DEFAULT_VERIFICATION_DAYS,
    MAX_VERIFICATION_DAYS,
    MIN_VERIFICATION_DAYS,
    OUTDATED_NOTE_MAX_LENGTH,
)


class FreshnessSchema(BaseSchema):
    """Whether an insight can still be relied on."""

    verified_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "When its author last vouched for it: posted, updated or verified it."},
    )
    may_be_out_of_date = fields.Boolean(
        metadata={"description": "Not verified within its interval, or a colleague said it is out of date."}
    )
    reason = fields.String(
        allow_none=True,
        metadata={"description": "Why, in words (e.g. 'not verified for 120 days'); null when it is fresh."},
    )
    retired_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "When it was retired: kept as history, out of the feed's lists and search."},
    )
    outdated_reports = fields.Integer(
        metadata={"description": "Colleagues who said it is out of date since it was last verified."}
    )


class OutdatedReportSchema(BaseSchema):
    """'This is out of date', and why."""

    note = CleanString(
        required=True,
        validate=validate.Length(min=1, max=OUTDATED_NOTE_MAX_LENGTH),
        metadata={"description": "What changed, for the author."},
    )


class TagIntervalSchema(BaseSchema):
    """An admin's verification interval for a tag (omitted: nothing changes)."""

    verification_days = fields.Integer(
        allow_none=True,
        strict=True,
        validate=validate.Range(min=MIN_VERIFICATION_DAYS, max=MAX_VERIFICATION_DAYS),
        metadata={
            "description": f"Days an insight on this topic stays fresh; null: the default "
            f"({DEFAULT_VERIFICATION_DAYS}). An insight's is its tags' shortest."
        },
    )


class TagFreshnessSchema(BaseSchema):
    """A tag's verification interval, as set."""

    name = fields.String()
    verification_days = fields.Integer(allow_none=True)
    effective_days = fields.Integer(metadata={"description": "The interval in force (the default when unset)."})
    insights = fields.Integer(metadata={"description": "Live insights on the tag (their freshness follows a change)."})
