"""Audit log schemas."""

from marshmallow import fields, validate

from server.audit.actions import AuditAction, AuditObject
from server.common.fields import START_OF_DAY, CleanString, EntityId, NaturalMoment
from server.common.schemas import BaseSchema, PageArgumentsSchema


class AuditEntrySchema(BaseSchema):
    """One administrative change."""

    id = fields.Integer()
    at = fields.DateTime()
    actor_id = fields.Integer(
        allow_none=True,
        metadata={"description": "The admin who made the change; null for the command line or the identity provider."},
    )
    actor = fields.String(metadata={"description": "Who made it, as named at the time."})
    action = fields.String(metadata={"description": ", ".join(action.value for action in AuditAction)})
    object_type = fields.String(metadata={"description": ", ".join(kind.value for kind in AuditObject)})
    object_id = fields.Integer(allow_none=True)
    object = fields.String(metadata={"description": "The object as named at the time."})
    before = fields.Dict(allow_none=True, metadata={"description": "The changed fields before."})
    after = fields.Dict(allow_none=True, metadata={"description": "The changed fields after."})
    summary = fields.String(metadata={"description": "The entry in one sentence."})


class AuditPageSchema(BaseSchema):
    items = fields.List(fields.Nested(AuditEntrySchema), required=True)
    next_cursor = fields.String(allow_none=True)


class AuditQuerySchema(PageArgumentsSchema):
    action = CleanString(validate=validate.OneOf([action.value for action in AuditAction]))
    object_type = CleanString(validate=validate.OneOf([kind.value for kind in AuditObject]))
    object_id = EntityId(strict=False, metadata={"description": "With object_type: one object's history."})
    actor = EntityId(strict=False, metadata={"description": "Changes made by this admin."})
    since = NaturalMoment(
        date_means=START_OF_DAY,
        metadata={
            "description": "Changes at or after this moment: a date (from the start of that day in the firm's "
            "time zone) or a date-time (in the firm's time zone unless it gives its own)."
        },
    )
