"""Experts: `/posts/{id}/experts` (and asking one), and a topic's page `/tags/{name}`."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.experts import service
from server.experts.schemas import AskSchema, ExpertsSchema, TopicSchema
from server.idempotency.service import idempotent

blueprint = Blueprint(
    "experts",
    __name__,
    url_prefix="/api/v1",
    description="Who could answer a challenge, asking them, and each topic's experts.",
)


@blueprint.route("/posts/<int:post_id>/experts")
class Experts(MethodView):
    @auth_required
    @blueprint.response(200, ExpertsSchema)
    @error_responses(404, 409)
    def get(self, post_id):
        """Up to 5 people most likely to answer the challenge, with the reason in words: who
        answered well (accepted or used) on its tags and on similar challenges, and whose
        insights were used there; never its author. People carrying many open asks, or who
        gave a large share of the firm's help this month, rank lower."""
        return {"items": service.suggest_experts(post_id=post_id, viewer=caller())}


@blueprint.route("/posts/<int:post_id>/experts/<int:user_id>/ask")
class AskExpert(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(201, AskSchema)
    @error_responses(404, 409, 429)
    def post(self, post_id, user_id):
        """Ask someone to answer the challenge: they are notified. Once per challenge and
        person; at most 10 asks an hour by one person."""
        return service.ask_expert(post_id=post_id, expert_id=user_id, asker=caller())


@blueprint.route("/tags/<tag:name>")
class TagPage(MethodView):
    @auth_required
    @blueprint.response(200, TopicSchema)
    @error_responses(404)
    def get(self, name):
        """A topic: its experts with their reasons, its open challenges and its most used
        insights, among what the caller may see."""
        return service.tag_page(name=name, viewer=caller())
