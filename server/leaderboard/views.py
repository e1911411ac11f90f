"""`/leaderboard`."""

from flask.views import MethodView

from server.common.access import auth_required, caller_id
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.leaderboard import service
from server.leaderboard.schemas import LeaderboardQuerySchema, LeaderboardSchema

blueprint = Blueprint(
    "leaderboard",
    __name__,
    url_prefix="/api/v1/leaderboard",
    description="Leaderboards by metric, period and division.",
)


@blueprint.route("")
class Leaderboard(MethodView):
    @auth_required
    @blueprint.arguments(LeaderboardQuerySchema, location="query")
    @blueprint.response(200, LeaderboardSchema)
    @error_responses(422)
    def get(self, query):
        """Top people for a metric and calendar period, firm-wide or in one division, and the caller's rank."""
        return service.leaderboard(
            viewer_id=caller_id(),
            metric=query["metric"],
            period=query["period"],
            division_id=query["division"],
            limit=query["limit"],
        )
