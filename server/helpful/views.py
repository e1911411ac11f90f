"""`/posts/{id}/helpful` and `/answers/{id}/helpful`: vote and undo."""

from flask.views import MethodView
from server.common.blueprint import Blueprint

from server.common.access import auth_required, caller
from server.common.documentation import error_responses
from server.helpful import service
from server.helpful.schemas import HelpfulVoteSchema
from server.idempotency.service import idempotent

blueprint = Blueprint("helpful", __name__, url_prefix="/api/v1",
                      description="Helpful votes on posts and answers.")


@blueprint.route("/posts/<int:post_id>/helpful")
class PostHelpful(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(201, HelpfulVoteSchema)
    @error_responses(403, 404, 409)
    def post(self, post_id):
        """Vote a post helpful."""
        return service.vote_helpful(user=caller(), post_id=post_id)

    @auth_required
    @blueprint.response(204)
    @error_responses(404)
    def delete(self, post_id):
        """Withdraw the caller's helpful vote on a post."""
        service.withdraw_helpful(user=caller(), post_id=post_id)


@blueprint.route("/answers/<int:answer_id>/helpful")
class AnswerHelpful(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(201, HelpfulVoteSchema)
    @error_responses(403, 404, 409)
    def post(self, answer_id):
        """Vote an answer helpful."""
        return service.vote_helpful(user=caller(), answer_id=answer_id)

    @auth_required
    @blueprint.response(204)
    @error_responses(404)
    def delete(self, answer_id):
        """Withdraw the caller's helpful vote on an answer."""
        service.withdraw_helpful(user=caller(), answer_id=answer_id)
