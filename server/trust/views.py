"""`/users/{id}/trust`: a person's trust score, band, settled legs and circle size."""

from flask.views import MethodView

from server.common.access import auth_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.trust import service
from server.trust.schemas import TrustStandingSchema
from server.users.service import get_user

blueprint = Blueprint(
    "trust", __name__, url_prefix="/api/v1", description="Trust: how predictably people keep their promises."
)


@blueprint.route("/users/<int:user_id>/trust")
class Trust(MethodView):
    @auth_required
    @blueprint.response(200, TrustStandingSchema)
    @error_responses(404)
    def get(self, user_id):
        """Trust over the person's settled legs as promiser, with the size of their circle."""
        get_user(user_id=user_id)
        return service.trust_details(user_id=user_id)
