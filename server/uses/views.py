"""`/posts/{id}/uses` and `/answers/{id}/uses`: "I used this", its undo, and the list."""

from flask.views import MethodView
from server.common.blueprint import Blueprint

from server.common.access import auth_required, caller
from server.common.documentation import error_responses
from server.common.schemas import PageArgumentsSchema, page_of
from server.idempotency.service import idempotent
from server.uses import service
from server.uses.schemas import UseCreateSchema, UseSchema

blueprint = Blueprint("uses", __name__, url_prefix="/api/v1",
                      description='"I used this" on insights and answers.')


@blueprint.route("/posts/<int:post_id>/uses")
class PostUses(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, page_of(UseSchema))
    @error_responses(404)
    def get(self, query, post_id):
        """Who used this insight, with their notes."""
        return service.list_uses(viewer=caller(), post_id=post_id, **query)

    @idempotent
    @auth_required
    @blueprint.arguments(UseCreateSchema)
    @blueprint.response(201, UseSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, post_id):
        """Mark an insight as used."""
        return service.record_use(user=caller(), data=data, post_id=post_id)

    @auth_required
    @blueprint.response(204)
    @error_responses(404)
    def delete(self, post_id):
        """Undo the caller's use of an insight."""
        service.undo_use(user=caller(), post_id=post_id)


@blueprint.route("/answers/<int:answer_id>/uses")
class AnswerUses(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, page_of(UseSchema))
    @error_responses(404)
    def get(self, query, answer_id):
        """Who used this answer, with their notes."""
        return service.list_uses(viewer=caller(), answer_id=answer_id, **query)

    @idempotent
    @auth_required
    @blueprint.arguments(UseCreateSchema)
    @blueprint.response(201, UseSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, answer_id):
        """Mark an answer as used."""
        return service.record_use(user=caller(), data=data, answer_id=answer_id)

    @auth_required
    @blueprint.response(204)
    @error_responses(404)
    def delete(self, answer_id):
        """Undo the caller's use of an answer."""
        service.undo_use(user=caller(), answer_id=answer_id)
