"""`/notifications`: the caller's notifications and marking them read."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.notifications import service
from server.notifications.schemas import (
    MarkReadSchema,
    NotificationPageSchema,
    NotificationQuerySchema,
    UnreadCountSchema,
)

blueprint = Blueprint(
    "notifications", __name__, url_prefix="/api/v1/notifications", description="What happened for the caller."
)


@blueprint.route("")
class Notifications(MethodView):
    @auth_required
    @blueprint.arguments(NotificationQuerySchema, location="query")
    @blueprint.response(200, NotificationPageSchema)
    def get(self, query):
        """The caller's notifications, newest first, with the unread count."""
        return service.list_notifications(
            user=caller(), unread_only=query["unread"], limit=query["limit"], cursor=query["cursor"]
        )


@blueprint.route("/read")
class NotificationsRead(MethodView):
    @auth_required
    @blueprint.arguments(MarkReadSchema, required=False)  # no body: all of them
    @blueprint.response(200, UnreadCountSchema)
    @error_responses(404, 422)
    def post(self, data):
        """Mark some (`ids`) or all notifications read."""
        return {"unread_count": service.mark_read(user=caller(), ids=data.get("ids"))}
