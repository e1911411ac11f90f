"""`/posts`: the feed, composing, reading, editing and deleting posts."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import items_of, page_of
from server.idempotency.service import idempotent
from server.posts import service
from server.posts.schemas import (
    DuplicateSchema,
    PostCreateSchema,
    PostQuerySchema,
    PostSchema,
    PostUpdateSchema,
    RelatedQuerySchema,
)
from server.search import related

RelatedPostsSchema = items_of(PostSchema)

blueprint = Blueprint("posts", __name__, url_prefix="/api/v1/posts", description="Challenges and insights.")


@blueprint.route("")
class Posts(MethodView):
    @auth_required
    @blueprint.arguments(PostQuerySchema, location="query")
    @blueprint.response(200, page_of(PostSchema))
    def get(self, query):
        """The feed the caller may see, newest first, with optional filters."""
        limit, cursor = query.pop("limit"), query.pop("cursor")
        return service.list_posts(viewer=caller(), filters=query, limit=limit, cursor=cursor)

    @idempotent
    @auth_required
    @blueprint.arguments(PostCreateSchema)
    @blueprint.response(201, PostSchema)
    @error_responses(403, 422)
    def post(self, data):
        """Post a challenge or an insight (a tag nobody used yet needs the level that creates tags: 403)."""
        return service.create_post(author=caller(), data=data)


@blueprint.route("/related")
class RelatedToDraft(MethodView):
    @auth_required
    @blueprint.arguments(RelatedQuerySchema, location="query")
    @blueprint.response(200, RelatedPostsSchema)
    @error_responses(422)
    def get(self, query):
        """While composing: for a challenge, the insights and solved challenges most like it ("this
        may already answer you"); for an insight, the open challenges it may answer."""
        return {
            "items": related.related_to_text(
                viewer=caller(), kind=query["kind"], text=f"{query['title']} {query['body']}"
            )
        }


@blueprint.route("/<int:post_id>/related")
class RelatedToPost(MethodView):
    @auth_required
    @blueprint.response(200, RelatedPostsSchema)
    @error_responses(404)
    def get(self, post_id):
        """For a challenge, the insights and solved challenges most like it; for an insight, the
        open challenges it may answer (those it already answers left out)."""
        return {"items": related.related_to_post(post_id=post_id, viewer=caller())}


@blueprint.route("/<int:post_id>")
class PostItem(MethodView):
    @auth_required
    @blueprint.response(200, PostSchema)
    @error_responses(404)
    def get(self, post_id):
        """One post, if the caller is in its audience."""
        return service.get_post(post_id=post_id, viewer=caller())

    @auth_required
    @blueprint.arguments(PostUpdateSchema, required=False)  # no body: nothing changes
    @blueprint.response(200, PostSchema)
    @error_responses(403, 404, 422)
    def patch(self, changes, post_id):
        """Edit a post (its author or an admin); close or reopen a challenge.

        Level 4 may change only the tags of others' posts; level 5 may close others'
        challenges once stale (no activity for 30 days).
        """
        return service.update_post(post_id=post_id, editor=caller(), changes=changes)

    @auth_required
    @blueprint.response(204)
    @error_responses(403, 404)
    def delete(self, post_id):
        """Delete a post (its author or an admin)."""
        service.delete_post(post_id=post_id, editor=caller())


@blueprint.route("/<int:post_id>/duplicate")
class PostDuplicate(MethodView):
    @auth_required
    @blueprint.arguments(DuplicateSchema)
    @blueprint.response(200, PostSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, post_id):
        """Close a challenge as a duplicate of another (its author, an admin, or level 5)."""
        return service.mark_duplicate(post_id=post_id, editor=caller(), original_id=data["of"])
