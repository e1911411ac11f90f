"""`/admin/audit`: the audit log, for admins."""

from flask.views import MethodView

from server.audit import service
from server.audit.schemas import AuditPageSchema, AuditQuerySchema
from server.common.access import roles_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from shared.enums import Role

blueprint = Blueprint(
    "audit",
    __name__,
    url_prefix="/api/v1/admin/audit",
    description="Every administrative change: who, what, before and after, when.",
)


@blueprint.route("")
class AuditLog(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(AuditQuerySchema, location="query")
    @blueprint.response(200, AuditPageSchema)
    @error_responses(422)
    def get(self, query):
        """The audit log, newest first (admins only)."""
        return service.list_entries(
            action=query.get("action"),
            object_type=query.get("object_type"),
            object_id=query.get("object_id"),
            actor_id=query.get("actor"),
            since=query.get("since"),
            limit=query["limit"],
            cursor=query["cursor"],
        )
