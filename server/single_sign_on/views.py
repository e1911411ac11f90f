"""`/auth/sso`: sign in with the firm's identity provider (see the package docstring)."""

from flask import url_for
from flask.views import MethodView
from werkzeug.exceptions import HTTPException

from server.common.blueprint import Blueprint
from server.common.documentation import add_operation_doc, error_responses
from server.single_sign_on import pages, service
from server.single_sign_on.schemas import (
    CallbackQuerySchema,
    ConfirmFormSchema,
    SignInProgressSchema,
    SignInStartedSchema,
    TicketSchema,
)

blueprint = Blueprint(
    "single_sign_on",
    __name__,
    url_prefix="/api/v1/auth/sso",
    template_folder="templates",
    description="Single sign-on with the firm's OpenID Connect provider.",
)
HTML_PAGE = {
    "200": {
        "description": "A page for the person in the system browser (JSON for other clients).",
        "content": {"text/html": {"schema": {"type": "string"}}},
    }
}


def html_page(view):
    """Document that `view` answers a page for the browser."""
    return add_operation_doc(view, responses=HTML_PAGE)


def for_browser_or_client(render):
    """Run `render()`; a refusal is a page for a browser, the one JSON error for anyone else."""
    try:
        return render()
    except HTTPException as error:
        if pages.wants_html():
            return pages.problem_page(error)
        raise


@blueprint.route("/start")
class Start(MethodView):
    @blueprint.response(201, SignInStartedSchema)
    @error_responses(404, 502)
    def post(self):
        """Begin a sign-in with the company account: open `browser_url`, poll with `ticket`."""
        return service.start()


@blueprint.route("/callback")
class Callback(MethodView):
    @html_page
    @blueprint.arguments(CallbackQuerySchema, location="query")
    @error_responses(400, 401, 403, 404, 409, 410, 502)
    def get(self, query):
        """Where the provider sends the browser back: verifies the sign-in, then asks to confirm it."""

        def render():
            sign_in, secret = service.receive_callback(
                state=query.get("state"),
                code=query.get("code"),
                error=query.get("error"),
                error_description=query.get("error_description"),
                issuer=query.get("iss"),
            )
            return pages.page(
                "confirm",
                title="Confirm your sign-in",
                secret=secret,
                confirm_url=url_for("single_sign_on.Confirm"),
                **service.confirmation_details(sign_in),
            )

        return for_browser_or_client(render)


@blueprint.route("/confirm")
class Confirm(MethodView):
    @html_page
    @blueprint.arguments(ConfirmFormSchema, location="form")
    @error_responses(400, 403, 409, 410)
    def post(self, form):
        """The person confirms in the browser that their app shows the code."""

        def render():
            service.confirm(secret=form["confirmation"])
            return pages.page("signed_in", title="Signed in")

        return for_browser_or_client(render)


@blueprint.route("/session")
class Session(MethodView):
    @blueprint.arguments(TicketSchema)
    @blueprint.response(200, SignInProgressSchema)
    @error_responses(403, 404, 409, 410)
    def post(self, data):
        """The app's poll: `waiting`, then `signed_in` with its tokens (the ticket works once)."""
        return service.collect(ticket=data["ticket"])
