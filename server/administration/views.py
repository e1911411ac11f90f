"""`/admin/divisions` and `/admin/users`: the firm's structure and its people (admins only)."""

from flask.views import MethodView

from server.administration import service
from server.administration.schemas import (
    AdminPeopleQuerySchema,
    AdminPersonPageSchema,
    AdminPersonSchema,
    PersonChangeSchema,
)
from server.common.access import caller, roles_required
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.pagination import Page
from server.divisions import service as divisions
from server.divisions.schemas import AdminDivisionListSchema, AdminDivisionSchema, DivisionNameSchema
from server.idempotency.service import idempotent
from shared.enums import Role

blueprint = Blueprint(
    "administration",
    __name__,
    url_prefix="/api/v1/admin",
    description="Divisions and people, for admins; every change is in the audit log.",
)


@blueprint.route("/divisions")
class AdminDivisions(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.response(200, AdminDivisionListSchema)
    def get(self):
        """Every division with its number of active people."""
        return Page(items=divisions.list_divisions(), next_cursor=None)

    @idempotent
    @roles_required(Role.ADMIN)
    @blueprint.arguments(DivisionNameSchema)
    @blueprint.response(201, AdminDivisionSchema)
    @error_responses(409, 422)
    def post(self, data):
        """Create a division."""
        return divisions.create_division(name=data["name"], admin=caller())


@blueprint.route("/divisions/<int:division_id>")
class AdminDivision(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(DivisionNameSchema)
    @blueprint.response(200, AdminDivisionSchema)
    @error_responses(404, 409, 422)
    def patch(self, data, division_id):
        """Rename a division (its slug stays)."""
        return divisions.rename_division(division_id=division_id, name=data["name"], admin=caller())


@blueprint.route("/users")
class AdminPeople(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.arguments(AdminPeopleQuerySchema, location="query")
    @blueprint.response(200, AdminPersonPageSchema)
    @error_responses(422)
    def get(self, query):
        """Everyone, deactivated people included, by name or email, division, role and state."""
        return service.list_people(
            q=query.get("q"),
            division_id=query.get("division"),
            role=query.get("role"),
            active=query.get("active"),
            limit=query["limit"],
            cursor=query["cursor"],
        )


@blueprint.route("/users/<int:user_id>")
class AdminPerson(MethodView):
    @roles_required(Role.ADMIN)
    @blueprint.response(200, AdminPersonSchema)
    @error_responses(404)
    def get(self, user_id):
        """One person, as admins see them."""
        return service.person_detail(user_id=user_id)

    @roles_required(Role.ADMIN)
    @blueprint.arguments(PersonChangeSchema)
    @blueprint.response(200, AdminPersonSchema)
    @error_responses(404, 409, 422)
    def patch(self, changes, user_id):
        """Change a person's division or role, or deactivate (or reactivate) them."""
        return service.change_person(user_id=user_id, changes=changes, admin=caller())
