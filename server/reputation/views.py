"""`/users/{id}/reputation`: the entries that make up a person's reputation."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import PageArgumentsSchema, page_of
from server.reputation import service
from server.reputation.schemas import ReputationEntrySchema
from server.users.service import get_user

blueprint = Blueprint("reputation", __name__, url_prefix="/api/v1",
                      description="Reputation: why people have the points they have.")


@blueprint.route("/users/<int:user_id>/reputation")
class ReputationHistory(MethodView):
    @auth_required
    @blueprint.arguments(PageArgumentsSchema, location="query")
    @blueprint.response(200, page_of(ReputationEntrySchema))
    @error_responses(404)
    def get(self, query, user_id):
        """A person's ledger, newest first, each entry with its reason.

        The person themselves and admins see every entry in full. Anyone else sees every
        entry's points and reason, but the post and the colleague (`actor`) only for entries
        about a post the caller may see: trade entries never name the trade partner, and an
        entry about a post outside the caller's audience names neither the post nor who
        acted on it (`post` and `actor` are null, the reason says "someone").
        """
        get_user(user_id=user_id)
        return service.history(user_id=user_id, viewer=caller(), **query)
