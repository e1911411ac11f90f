"""`/search`: full text over what the caller may see."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import page_of
from server.search import service
from server.search.schemas import SearchQuerySchema, SearchResultSchema

blueprint = Blueprint(
    "search", __name__, url_prefix="/api/v1/search", description="Full-text search over posts and answers."
)


@blueprint.route("")
class Search(MethodView):
    @auth_required
    @blueprint.arguments(SearchQuerySchema, location="query")
    @blueprint.response(200, page_of(SearchResultSchema))
    @error_responses(422)
    def get(self, query):
        """Posts and answers the caller may see that match `q`, best first."""
        text, limit, cursor = query.pop("q"), query.pop("limit"), query.pop("cursor")
        return service.search(viewer=caller(), text=text, filters=query, limit=limit, cursor=cursor)
