"""`/me` and `/users`: the caller's own profile and other people's."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import page_of
from server.users import service
from server.users.schemas import MeSchema, MeUpdateSchema, ProfileSchema, UserQuerySchema, UserSummarySchema

blueprint = Blueprint("users", __name__, url_prefix="/api/v1", description="People and profiles.")


@blueprint.route("/me")
class Me(MethodView):
    @auth_required
    @blueprint.response(200, MeSchema)
    def get(self):
        """The caller: reputation, level with progress, badges and trust."""
        return service.profile_of(user=caller())

    @auth_required
    @blueprint.arguments(MeUpdateSchema, required=False)  # no body: nothing changes
    @blueprint.response(200, MeSchema)
    @error_responses(422)
    def patch(self, changes):
        """Edit the caller's display name, job title or expertise tags."""
        return service.profile_of(user=service.update_me(user=caller(), changes=changes))


@blueprint.route("/users")
class Users(MethodView):
    @auth_required
    @blueprint.arguments(UserQuerySchema, location="query")
    @blueprint.response(200, page_of(UserSummarySchema))
    def get(self, query):
        """The people directory, by name or division."""
        return service.list_users(
            q=query.get("q"), division_id=query.get("division"), limit=query["limit"], cursor=query["cursor"]
        )


@blueprint.route("/users/<int:user_id>")
class UserProfile(MethodView):
    @auth_required
    @blueprint.response(200, ProfileSchema)
    @error_responses(404)
    def get(self, user_id):
        """A person's public profile."""
        return service.profile_of(user=service.get_user(user_id=user_id), viewer=caller())
