"""`/admin/invitations`: invite colleagues, list and revoke invitations (admins only)."""

from flask.views import MethodView

from server.common.access import caller, roles_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.idempotency.service import INVITATION_CODE, idempotent
from server.invitations import service
from server.invitations.schemas import (
    CreatedInvitationSchema,
    InvitationCreateSchema,
    InvitationPageSchema,
    InvitationQuerySchema,
    InvitationSchema,
)
from shared.enums import Role

blueprint = Blueprint(
    "invitations",
    __name__,
    url_prefix="/api/v1/admin/invitations",
    description="Invitations: how colleagues join when there is no single sign-on.",
)


@blueprint.route("")
class Invitations(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(InvitationQuerySchema, location="query")
    @blueprint.response(200, InvitationPageSchema)
    @error_responses(422)
    def get(self, query):
        """Invitations, newest first, optionally in one state."""
        return service.list_invitations(state=query.get("state"), limit=query["limit"], cursor=query["cursor"])

    @idempotent(secrets=(INVITATION_CODE,))
    @roles_required(Role.ADMIN)
    @blueprint.arguments(InvitationCreateSchema)
    @blueprint.response(201, CreatedInvitationSchema)
    @error_responses(409, 422)
    def post(self, data):
        """Invite a colleague: answers the code (shown once) and whether it was mailed."""
        return service.invite(email=data["email"], division_id=data["division"], role=data["role"], admin=caller())


@blueprint.route("/<int:invitation_id>/revoke")
class RevokeInvitation(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.response(200, InvitationSchema)
    @error_responses(404, 409)
    def post(self, invitation_id):
        """Withdraw a pending invitation; its code stops working at once."""
        return service.revoke_invitation(invitation_id=invitation_id, admin=caller())
