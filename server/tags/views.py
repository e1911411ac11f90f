"""`/tags`: suggestions while composing a post, and adding a tag (level 3 or admin)."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import page_of
from server.idempotency.service import idempotent
from server.tags import service
from server.tags.schemas import TagCreateSchema, TagQuerySchema, TagSchema

blueprint = Blueprint("tags", __name__, url_prefix="/api/v1/tags", description="Topics of posts.")


@blueprint.route("")
class Tags(MethodView):
    @auth_required
    @blueprint.arguments(TagQuerySchema, location="query")
    @blueprint.response(200, page_of(TagSchema))
    def get(self, query):
        """Tags with their use counts, most used first; `q` filters by prefix.

        Only what the caller may see: the firm's vocabulary, and tags carried by posts in
        their audience; a tag born with a post outside it is not listed, and counts count
        only posts the caller may see.
        """
        return service.list_tags(viewer=caller(), prefix=query.get("q"), limit=query["limit"], cursor=query["cursor"])

    @idempotent
    @auth_required
    @blueprint.arguments(TagCreateSchema)
    @blueprint.response(201, TagSchema)
    @error_responses(403, 409, 422)
    def post(self, data):
        """Add a tag (level 3 — Regular — or an admin)."""
        tag = service.create_tag(name=data["name"], creator=caller())
        return {"name": tag.name, "use_count": 0}
