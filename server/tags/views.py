"""`/tags`: suggestions while composing a post."""

from flask.views import MethodView
from server.common.blueprint import Blueprint

from server.common.access import auth_required, caller
from server.common.schemas import page_of
from server.posts.visibility import visible_post_ids
from server.tags import service
from server.tags.schemas import TagQuerySchema, TagSchema

blueprint = Blueprint("tags", __name__, url_prefix="/api/v1/tags", description="Topics of posts.")


@blueprint.route("")
class Tags(MethodView):
    @auth_required
    @blueprint.arguments(TagQuerySchema, location="query")
    @blueprint.response(200, page_of(TagSchema))
    def get(self, query):
        """Tags with their use counts, most used first; `q` filters by prefix."""
        return service.list_tags(visible_post_ids=visible_post_ids(viewer=caller()),
                                 prefix=query.get("q"), limit=query["limit"], cursor=query["cursor"])
