"""Moderation: flagging (`/posts/{id}/flag`, `/answers/{id}/flag`), one's own flags
(`/me/flags`) and, for admins, the queue (`/admin/flags`) and its decisions."""

from flask.views import MethodView
from marshmallow import fields

from server.answers.schemas import AnswerSchema
from server.common.access import auth_required, caller, roles_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import BaseSchema, PageArgumentsSchema, page_of
from server.idempotency.service import idempotent
from server.moderation import service
from server.moderation.schemas import (
    DecisionSchema,
    FlagCreateSchema,
    FlagQuerySchema,
    FlagSchema,
    HideSchema,
    QueueItemSchema,
)
from server.posts.schemas import PostSchema
from shared.enums import Role

blueprint = Blueprint(
    "moderation",
    __name__,
    url_prefix="/api/v1",
    description="Flagging posts and answers; for admins, the queue, hiding and restoring.",
)


class DismissedSchema(BaseSchema):
    dismissed = fields.Integer(metadata={"description": "How many open flags were dismissed."})


@blueprint.route("/posts/<int:post_id>/flag")
class FlagPost(MethodView):
    @idempotent
    @auth_required
    @blueprint.arguments(FlagCreateSchema)
    @blueprint.response(201, FlagSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, post_id):
        """Flag a post for the admins, with a reason (not one's own: 403; once while open: 409)."""
        return service.flag_post(post_id=post_id, flagger=caller(), reason=data["reason"], note=data.get("note"))


@blueprint.route("/answers/<int:answer_id>/flag")
class FlagAnswer(MethodView):
    @idempotent
    @auth_required
    @blueprint.arguments(FlagCreateSchema)
    @blueprint.response(201, FlagSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, answer_id):
        """Flag an answer for the admins, with a reason (not one's own: 403; once while open: 409)."""
        return service.flag_answer(answer_id=answer_id, flagger=caller(), reason=data["reason"], note=data.get("note"))


@blueprint.route("/me/flags")
class MyFlags(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, page_of(FlagSchema))
    @error_responses(422)
    def get(self, query):
        """The caller's flags, newest first, each with its outcome: open, upheld (hidden) or dismissed."""
        return service.my_flags(viewer=caller(), **query)


@blueprint.route("/admin/flags")
class FlagQueue(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(FlagQuerySchema, location="query")
    @blueprint.response(200, page_of(QueueItemSchema))
    @error_responses(422)
    def get(self, query):
        """Flagged posts and answers with their flags in `state` (open by default), the longest waiting first."""
        return service.queue(state=query["state"], limit=query["limit"], cursor=query["cursor"])


@blueprint.route("/admin/posts/<int:post_id>/hide")
class HidePost(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(HideSchema)
    @blueprint.response(200, PostSchema)
    @error_responses(404, 409, 422)
    def post(self, data, post_id):
        """Hide a post and its answers from all but its author and admins; its open flags are upheld."""
        return service.hide_post(post_id=post_id, admin=caller(), note=data["note"])


@blueprint.route("/admin/posts/<int:post_id>/restore")
class RestorePost(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(DecisionSchema, required=False)
    @blueprint.response(200, PostSchema)
    @error_responses(404, 409, 422)
    def post(self, data, post_id):
        """Show a hidden post again."""
        return service.restore_post(post_id=post_id, admin=caller(), note=data.get("note"))


@blueprint.route("/admin/posts/<int:post_id>/flags/dismiss")
class DismissPostFlags(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(DecisionSchema, required=False)
    @blueprint.response(200, DismissedSchema)
    @error_responses(404, 409, 422)
    def post(self, data, post_id):
        """Dismiss the open flags on a post: it stays up."""
        return service.dismiss_post_flags(post_id=post_id, admin=caller(), note=data.get("note"))


@blueprint.route("/admin/answers/<int:answer_id>/hide")
class HideAnswer(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(HideSchema)
    @blueprint.response(200, AnswerSchema)
    @error_responses(404, 409, 422)
    def post(self, data, answer_id):
        """Hide an answer from all but its author and admins; its open flags are upheld."""
        return service.hide_answer(answer_id=answer_id, admin=caller(), note=data["note"])


@blueprint.route("/admin/answers/<int:answer_id>/restore")
class RestoreAnswer(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(DecisionSchema, required=False)
    @blueprint.response(200, AnswerSchema)
    @error_responses(404, 409, 422)
    def post(self, data, answer_id):
        """Show a hidden answer again."""
        return service.restore_answer(answer_id=answer_id, admin=caller(), note=data.get("note"))


@blueprint.route("/admin/answers/<int:answer_id>/flags/dismiss")
class DismissAnswerFlags(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(DecisionSchema, required=False)
    @blueprint.response(200, DismissedSchema)
    @error_responses(404, 409, 422)
    def post(self, data, answer_id):
        """Dismiss the open flags on an answer: it stays up."""
        return service.dismiss_answer_flags(answer_id=answer_id, admin=caller(), note=data.get("note"))
