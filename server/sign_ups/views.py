"""`/admin/sign-ups`: people from the firm's domains waiting for a division (admins only)."""

from flask.views import MethodView

from server.common.access import caller, roles_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.idempotency.service import idempotent
from server.sign_ups import service
from server.sign_ups.schemas import (
    ApproveSignUpSchema,
    SignUpQuerySchema,
    SignUpRequestPageSchema,
    SignUpRequestSchema,
)
from shared.enums import Role

blueprint = Blueprint(
    "sign_ups",
    __name__,
    url_prefix="/api/v1/admin/sign-ups",
    description="Self sign-ups waiting for an admin to assign their division.",
)


@blueprint.route("")
class SignUps(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(SignUpQuerySchema, location="query")
    @blueprint.response(200, SignUpRequestPageSchema)
    @error_responses(422)
    def get(self, query):
        """Sign-up requests (pending by default), the longest waiting first."""
        return service.list_requests(state=query["state"], limit=query["limit"], cursor=query["cursor"])


@blueprint.route("/<int:request_id>/approve")
class ApproveSignUp(MethodView):
    @idempotent
    @roles_required(Role.ADMIN)
    @blueprint.arguments(ApproveSignUpSchema)
    @blueprint.response(200, SignUpRequestSchema)
    @error_responses(404, 409, 422)
    def post(self, data, request_id):
        """Place the person in a division (and role); they can sign in at once."""
        return service.approve(request_id=request_id, division_id=data["division"], role=data["role"], admin=caller())


@blueprint.route("/<int:request_id>/reject")
class RejectSignUp(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.response(200, SignUpRequestSchema)
    @error_responses(404, 409)
    def post(self, request_id):
        """Turn the sign-up down."""
        return service.reject(request_id=request_id, admin=caller())
