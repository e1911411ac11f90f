"""Notification schemas."""

from marshmallow import fields, validate

from server.common.fields import EntityId
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.users.schemas import UserSummarySchema


class NotificationSchema(BaseSchema):
    id = fields.Integer()
    kind = fields.String(
        metadata={
            "description": "answer_on_my_challenge, answer_accepted, "
            "contribution_used, level_up, badge_earned, "
            "trade_proposed, trade_accepted, trade_declined, "
            "trade_cancelled, leg_delivered, leg_confirmed, "
            "leg_due_soon, leg_overdue, leg_broken, lead_outcome, expert_asked, "
            "insight_reported_outdated, insight_needs_verifying"
        }
    )
    message = fields.String()
    actor = fields.Nested(UserSummarySchema, allow_none=True)
    post_id = fields.Integer(
        allow_none=True,
        attribute="visible_post_id",
        metadata={"description": "The post it concerns; null when the caller may not see it (now)."},
    )
    answer_id = fields.Integer(
        allow_none=True,
        attribute="visible_answer_id",
        metadata={"description": "The answer it concerns; null when the caller may not see it (now)."},
    )
    trade_id = fields.Integer(allow_none=True)
    data = fields.Dict(metadata={"description": "Details by kind, e.g. the use's note or the badge."})
    read = fields.Function(lambda notification: notification.read_at is not None)
    created_at = fields.DateTime()


class NotificationPageSchema(BaseSchema):
    items = fields.List(fields.Nested(NotificationSchema))
    next_cursor = fields.String(allow_none=True)
    unread_count = fields.Integer()


class NotificationQuerySchema(PageArgumentsSchema):
    unread = fields.Boolean(load_default=False, metadata={"description": "Only unread ones."})


class MarkReadSchema(BaseSchema):
    ids = fields.List(
        EntityId(),
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Which to mark read; all when omitted."},
    )


class UnreadCountSchema(BaseSchema):
    unread_count = fields.Integer()
