"""Answers: `/posts/{id}/answers`, `/answers/{id}` and `/answers/{id}/accept`."""

from flask.views import MethodView

from server.answers import service
from server.answers.schemas import AnswerCreateSchema, AnswerSchema, AnswerUpdateSchema
from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import PageArgumentsSchema, page_of
from server.idempotency.service import idempotent

blueprint = Blueprint("answers", __name__, url_prefix="/api/v1", description="Answers to challenges.")


@blueprint.route("/posts/<int:post_id>/answers")
class PostAnswers(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, page_of(AnswerSchema))
    @error_responses(404)
    def get(self, query, post_id):
        """A challenge's answers, oldest first."""
        return service.list_answers(post_id=post_id, viewer=caller(), **query)

    @idempotent
    @auth_required
    @blueprint.arguments(AnswerCreateSchema)
    @blueprint.response(201, AnswerSchema)
    @error_responses(404, 409, 422)
    def post(self, data, post_id):
        """Answer a challenge."""
        return service.create_answer(
            post_id=post_id,
            author=caller(),
            body=data.get("body"),
            insight_id=data.get("insight_id"),
            attachment_ids=data.get("attachment_ids", []),
        )


@blueprint.route("/answers/<int:answer_id>")
class AnswerItem(MethodView):
    @auth_required
    @blueprint.response(200, AnswerSchema)
    @error_responses(404)
    def get(self, answer_id):
        """One answer."""
        return service.get_answer(answer_id=answer_id, viewer=caller())

    @auth_required
    @blueprint.arguments(AnswerUpdateSchema)
    @blueprint.response(200, AnswerSchema)
    @error_responses(403, 404, 422)
    def patch(self, data, answer_id):
        """Edit an answer (its author or an admin)."""
        return service.update_answer(
            answer_id=answer_id, editor=caller(), body=data["body"], attachment_ids=data.get("attachment_ids")
        )

    @auth_required
    @blueprint.response(204)
    @error_responses(403, 404)
    def delete(self, answer_id):
        """Delete an answer (its author or an admin)."""
        service.delete_answer(answer_id=answer_id, editor=caller())


@blueprint.route("/answers/<int:answer_id>/accept")
class AnswerAcceptance(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, AnswerSchema)
    @error_responses(403, 404, 409)
    def post(self, answer_id):
        """Accept an answer on the caller's own challenge; the challenge becomes solved."""
        return service.accept_answer(answer_id=answer_id, asker=caller())

    @idempotent
    @auth_required
    @blueprint.response(204)
    @error_responses(403, 404, 409)
    def delete(self, answer_id):
        """Take an acceptance back; retried with its `Idempotency-Key`, it answers 204 again."""
        service.unaccept_answer(answer_id=answer_id, asker=caller())
