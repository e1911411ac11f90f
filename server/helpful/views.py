"""`/posts/{id}/helpful` and `/answers/{id}/helpful`: vote and undo (one view, two paths)."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.helpful import service
from server.helpful.schemas import HelpfulVoteSchema
from server.idempotency.service import idempotent

blueprint = Blueprint("helpful", __name__, url_prefix="/api/v1", description="Helpful votes on posts and answers.")


@blueprint.route("/posts/<int:post_id>/helpful", endpoint="post_helpful")
@blueprint.route("/answers/<int:answer_id>/helpful", endpoint="answer_helpful")
class Helpful(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(201, HelpfulVoteSchema)
    @error_responses(403, 404, 409)
    def post(self, **target):
        """Vote a post or an answer helpful."""
        return service.vote_helpful(user=caller(), **target)

    @idempotent
    @auth_required
    @blueprint.response(204)
    @error_responses(404)
    def delete(self, **target):
        """Withdraw the caller's helpful vote; retried with its `Idempotency-Key`, it answers 204 again."""
        service.withdraw_helpful(user=caller(), **target)
