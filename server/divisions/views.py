"""`/divisions`: public, because the sign-up screen needs the list."""

from flask.views import MethodView

from server.common.blueprint import Blueprint
from server.common.pagination import Page
from server.divisions import service
from server.divisions.schemas import DivisionListSchema

blueprint = Blueprint("divisions", __name__, url_prefix="/api/v1/divisions", description="The firm's divisions.")


@blueprint.route("")
class Divisions(MethodView):
    @blueprint.response(200, DivisionListSchema)
    def get(self):
        """List every division (no sign-in needed)."""
        return Page(items=service.list_divisions(), next_cursor=None)
