"""`/users/{id}/reputation`: the entries that make up a person's reputation."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import PageArgumentsSchema, page_of
from server.reputation import service
from server.reputation.schemas import ReputationEntrySchema
from server.users.service import get_user

blueprint = Blueprint(
    "reputation", __name__, url_prefix="/api/v1", description="Reputation: why people have the points they have."
)


@blueprint.route("/users/<int:user_id>/reputation")
class ReputationHistory(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, page_of(ReputationEntrySchema))
    @error_responses(404)
    def get(self, query, user_id):
        """A person's ledger, newest first, each entry with its reason.

        The person themselves and admins see every entry. Anyone else sees only the entries
        about posts they may see: trade entries are left out (trades are private to their two
        parties, and an entry would name the partner), and so are entries about posts outside
        the caller's audience. What others see may therefore add up to less than the
        reputation the profile shows, which stays public.
        """
        get_user(user_id=user_id)
        return service.history(user_id=user_id, viewer=caller(), **query)
