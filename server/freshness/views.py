"""Freshness: `/posts/{id}/verify`, `/retire`, `/outdated`, and `/admin/tags/{name}` (intervals)."""

from flask.views import MethodView

from server.common.access import auth_required, caller, roles_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.freshness import service
from server.freshness.schemas import OutdatedReportSchema, TagFreshnessSchema, TagIntervalSchema
from server.idempotency.service import idempotent
from server.posts.schemas import PostSchema
from shared.enums import Role

blueprint = Blueprint(
    "freshness",
    __name__,
    url_prefix="/api/v1",
    description="Insights that stay fresh: verifying, retiring, saying one is out of date.",
)


@blueprint.route("/posts/<int:post_id>/verify")
class Verify(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, PostSchema)
    @error_responses(403, 404, 409)
    def post(self, post_id):
        """The author says the insight is still true: fresh again, its open reports answered."""
        return service.verify_insight(post_id=post_id, author=caller())


@blueprint.route("/posts/<int:post_id>/retire")
class Retire(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, PostSchema)
    @error_responses(403, 404, 409)
    def post(self, post_id):
        """Retire an insight (its author or an admin): kept with its history (uses, points,
        answers), readable by link and marked retired, out of the feed's lists and search."""
        return service.retire_insight(post_id=post_id, editor=caller())


@blueprint.route("/posts/<int:post_id>/outdated")
class Outdated(MethodView):
    @idempotent
    @auth_required
    @blueprint.arguments(OutdatedReportSchema)
    @blueprint.response(201, PostSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, post_id):
        """Say an insight is out of date, with a note (anyone who may see it but its author;
        one open report each): it is marked at once and its author is told."""
        return service.report_outdated(post_id=post_id, reporter=caller(), note=data["note"])


@blueprint.route("/admin/tags/<tag:name>")
class TagInterval(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(TagIntervalSchema, required=False)  # no body: nothing changes
    @blueprint.response(200, TagFreshnessSchema)
    @error_responses(404, 422)
    def patch(self, changes, name):
        """Set how many days insights on a tag stay fresh (null: the default); audited. An
        insight's interval is its tags' shortest."""
        return service.change_tag(name=name, changes=changes, admin=caller())
