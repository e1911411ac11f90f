"""Moderation schemas: a flag as sent and shown, the admins' queue, and a decision's note."""

from marshmallow import ValidationError, fields, validate, validates_schema

from server.common.fields import CleanString, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.users.schemas import UserSummarySchema
from shared.limits import FLAG_NOTE_MAX_LENGTH, MODERATION_NOTE_MAX_LENGTH
from shared.moderation import REASONS_NEEDING_A_NOTE, FlagReason, FlagState

REASONS = [reason.value for reason in FlagReason]
STATES = [state.value for state in FlagState]


class FlagCreateSchema(BaseSchema):
    """Why the post or answer should not be up."""

    reason = CleanString(
        required=True,
        validate=validate.OneOf(REASONS),
        metadata={
            "description": "spam, offensive, confidential (customer data that should not be shared), "
            "wrong (misleading or wrong advice) or other (say what in `note`)."
        },
    )
    note = TrimmedString(
        allow_none=True,
        validate=validate.Length(max=FLAG_NOTE_MAX_LENGTH),
        metadata={"description": "What is wrong; required when the reason is `other`."},
    )

    @validates_schema
    def other_needs_a_note(self, data, **kwargs):
        if data.get("reason") in REASONS_NEEDING_A_NOTE and not data.get("note"):
            raise ValidationError("Say what is wrong: the reason `other` needs a note.", "note")


class DecisionSchema(BaseSchema):
    """An admin's note on restoring content or dismissing flags (kept in the audit log)."""

    note = TrimmedString(allow_none=True, validate=validate.Length(max=MODERATION_NOTE_MAX_LENGTH))


class HideSchema(BaseSchema):
    """Why an admin hides content: its author reads it, and the audit log keeps it."""

    note = TrimmedString(required=True, validate=validate.Length(min=1, max=MODERATION_NOTE_MAX_LENGTH))


class FlaggedItemSchema(BaseSchema):
    """The post or answer a flag is about."""

    type = fields.String(metadata={"description": "post or answer"})
    post_id = fields.Integer()
    answer_id = fields.Integer(allow_none=True)
    title = fields.String(
        allow_none=True,
        metadata={
            "description": "The post's title; null when the caller may no longer see the post (say, it was hidden)."
        },
    )


class FlagSchema(BaseSchema):
    """A flag as its flagger sees it, with the outcome."""

    id = fields.Integer()
    item = fields.Nested(FlaggedItemSchema)
    reason = fields.String()
    note = fields.String(allow_none=True)
    state = fields.String(metadata={"description": "open; upheld (an admin hid the content); dismissed."})
    created_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)


class FlagQuerySchema(PageArgumentsSchema):
    state = CleanString(load_default=FlagState.OPEN.value, validate=validate.OneOf(STATES))


class QueuedFlagSchema(BaseSchema):
    """One flag in the queue, with who raised it."""

    id = fields.Integer()
    flagger = fields.Nested(UserSummarySchema)
    reason = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)


class QueuedContentSchema(BaseSchema):
    """The flagged post or answer as admins see it."""

    type = fields.String(metadata={"description": "post or answer"})
    post_id = fields.Integer()
    answer_id = fields.Integer(allow_none=True)
    title = fields.String(metadata={"description": "The post's title (for an answer, the post it answers)."})
    excerpt = fields.String(metadata={"description": "The start of the post's or answer's text."})
    author = fields.Nested(UserSummarySchema)
    hidden_at = fields.DateTime(allow_none=True)
    hidden_reason = fields.String(allow_none=True)
    deleted = fields.Boolean(metadata={"description": "Its author deleted it since: nothing left to decide."})


class ReasonCountSchema(BaseSchema):
    reason = fields.String()
    count = fields.Integer()


class QueueItemSchema(BaseSchema):
    """Flagged content with its flags in the state asked for."""

    content = fields.Nested(QueuedContentSchema)
    flag_count = fields.Integer()
    reasons = fields.List(fields.Nested(ReasonCountSchema), metadata={"description": "Most given first."})
    first_flagged_at = fields.DateTime()
    flags = fields.List(fields.Nested(QueuedFlagSchema), metadata={"description": "Oldest first."})
