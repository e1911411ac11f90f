"""`/auth`: register, login, refresh and logout."""

from flask.views import MethodView
from flask_jwt_extended import get_jwt, jwt_required

from server.auth import rate_limits, service
from server.auth.schemas import (
    LoginSchema,
    RegisterSchema,
    SessionSchema,
    SignInOptionsSchema,
    SignUpSchema,
    TokenPairSchema,
)
from server.auth.tokens import presented_token
from server.common.access import BEARER_SECURITY, caller
from server.common.blueprint import Blueprint
from server.common.documentation import add_operation_doc, error_responses
from server.idempotency.service import idempotent
from server.sign_ups.schemas import PendingSignUpSchema

blueprint = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions.")


def token_required(*, refresh: bool = False, either: bool = False):
    """Require a refresh token (or either kind), documented as bearer authentication."""

    def decorate(view):
        protected = jwt_required(refresh=refresh, verify_type=not either)(view)
        return add_operation_doc(protected, security=BEARER_SECURITY, responses={"401": "UNAUTHORIZED"})

    return decorate


@blueprint.route("/options")
class SignInOptions(MethodView):
    @blueprint.response(200, SignInOptionsSchema)
    def get(self):
        """How to sign in and join here: company account, invitations, self sign-up domains."""
        return service.sign_in_options()


@blueprint.route("/register")
class Register(MethodView):
    @rate_limits.counting_failures
    @idempotent
    @blueprint.arguments(RegisterSchema)
    @blueprint.response(201, SessionSchema)
    @error_responses(409, 422, 429)
    def post(self, data):
        """Join with an admin's invitation (it sets email, division and role); answers the session."""
        return service.register(
            invitation=data["invitation"], password=data["password"], display_name=data["display_name"]
        )


@blueprint.route("/sign-up")
class SignUp(MethodView):
    @rate_limits.counting_every_request
    @idempotent
    @blueprint.arguments(SignUpSchema)
    @blueprint.response(202, PendingSignUpSchema)
    @error_responses(403, 422, 429)
    def post(self, data):
        """Ask to join from a firm email domain (when allowed); an admin assigns the division."""
        return service.sign_up(email=data["email"], password=data["password"], display_name=data["display_name"])


@blueprint.route("/login")
class Login(MethodView):
    @rate_limits.counting_failures
    @blueprint.arguments(LoginSchema)
    @blueprint.response(200, SessionSchema)
    @error_responses(401, 403, 422, 429)
    def post(self, data):
        """Sign in; each failure from an address makes the next wait longer (429 with Retry-After)."""
        return service.log_in(email=data["email"], password=data["password"])


@blueprint.route("/refresh")
class Refresh(MethodView):
    @token_required(refresh=True)
    @blueprint.response(200, TokenPairSchema)
    def post(self):
        """Exchange the refresh token (as bearer) for a new pair; the old one stops working.

        Presented again within the grace window (`QUID_REFRESH_GRACE_SECONDS`, 30 s by
        default: a lost answer, two tabs), it answers the same pair; after the window, a
        used refresh token ends the whole session (401).
        """
        return service.refresh(user=caller(), claims=get_jwt(), token=presented_token())


@blueprint.route("/logout")
class Logout(MethodView):
    @token_required(either=True)
    @blueprint.response(204)
    def post(self):
        """Revoke the presented token (access or refresh) and its whole session."""
        service.log_out(claims=get_jwt())
