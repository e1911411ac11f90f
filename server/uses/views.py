"""`/posts/{id}/uses` and `/answers/{id}/uses`: "I used this", its undo, and the list.

One view serves both paths: the path names the target (`post_id` or `answer_id`) and the
service takes either.
"""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import PageArgumentsSchema
from server.idempotency.service import idempotent
from server.uses import service
from server.uses.schemas import UseCreateSchema, UseSchema, UsesPageSchema

blueprint = Blueprint("uses", __name__, url_prefix="/api/v1", description='"I used this" on insights and answers.')


@blueprint.route("/posts/<int:post_id>/uses", endpoint="post_uses")
@blueprint.route("/answers/<int:answer_id>/uses", endpoint="answer_uses")
class Uses(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, UsesPageSchema)
    @error_responses(404)
    def get(self, query, **target):
        """Who used this insight or answer, newest first, with their notes; `totals` sums
        every use (hours saved, deals influenced), not only this page's."""
        return service.list_uses(viewer=caller(), **target, **query)

    @idempotent
    @auth_required
    @blueprint.arguments(UseCreateSchema)
    @blueprint.response(201, UseSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, **target):
        """Mark an insight or an answer as used."""
        return service.record_use(user=caller(), data=data, **target)

    @idempotent
    @auth_required
    @blueprint.response(204)
    @error_responses(404)
    def delete(self, **target):
        """Undo the caller's use; retried with its `Idempotency-Key`, it answers 204 again."""
        service.undo_use(user=caller(), **target)
