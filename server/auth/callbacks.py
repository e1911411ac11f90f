"""flask-jwt-extended callbacks: load the caller, check revocation, answer 401 in our shape.

flask-jwt-extended answers a malformed token with 422 by default; Quid answers every
token problem with 401, so the app knows to refresh or sign in again.
"""

from flask import g, jsonify

from server.auth.tokens import token_holder
from server.errors import error_payload


def unauthorized(message: str):
    response = jsonify(error_payload(401, "Unauthorized", message))
    response.status_code = 401
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def register_token_callbacks(jwt) -> None:
    """Wire Quid's user loading, revocation check and error answers into `jwt`."""

    # The revocation check runs first and loads the holder; the user lookup reuses it.
    @jwt.token_in_blocklist_loader
    def token_revoked(header, claims):
        g.quid_token_holder = token_holder(claims)
        return g.quid_token_holder is None

    # flask-jwt-extended's current user is the token's holder, while their account is active.
    @jwt.user_lookup_loader
    def load_user(header, claims):
        holder = g.pop("quid_token_holder", None)
        return holder if holder is not None and holder.is_active else None

    @jwt.user_lookup_error_loader
    def unknown_user(header, claims):
        return unauthorized("This account is disabled.")

    @jwt.expired_token_loader
    def expired(header, claims):
        return unauthorized("The token has expired.")

    @jwt.invalid_token_loader
    def invalid(reason):
        return unauthorized(f"The token is not valid: {reason}.")

    @jwt.unauthorized_loader
    def missing(reason):
        return unauthorized(f"Sign in first: {reason}.")

    @jwt.revoked_token_loader
    def revoked(header, claims):
        return unauthorized("The token has been revoked; sign in again.")

    @jwt.needs_fresh_token_loader
    def not_fresh(header, claims):
        return unauthorized("This needs a fresh sign-in.")

    # PyJWT checks `exp` only when a token has one; every token Quid issues does, so one
    # without it, even signed with the right key, is not ours to honour: it would never end.
    @jwt.token_verification_loader
    def has_an_expiry(header, claims):
        return "exp" in claims

    @jwt.token_verification_failed_loader
    def verification_failed(header, claims):
        if "exp" not in claims:
            return unauthorized('The token is not valid: it has no expiry ("exp" claim).')
        return unauthorized("The token was refused.")
