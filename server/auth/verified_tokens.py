"""Each access token's signature checked once per worker; its lifetime on every use.

flask-jwt-extended verifies a bearer token by decoding it three times through PyJWT on
every request (unverified claims, unverified header, then the verified decode), and PyJWT
checks the base64 alphabet one character at a time in Python. A token is immutable: once
its signature and claims have been verified, the only thing that can change about it is
the time. So each worker keeps the claims of the access tokens it has verified, in a
bounded least-recently-used table keyed by the raw token and the verification settings,
and on a later use only checks the token's times (iat, nbf, exp, with the configured
leeway) by the same wall clock PyJWT uses, answering an expired token exactly as before.

For a token the worker already knows, `verify_kept_access_token` also stands in for
flask-jwt-extended's request check, which would parse the header and decode the token's
header once more through PyJWT; anything out of the ordinary, and every refusal, is left
to flask-jwt-extended itself, so every error answer stays its own.

Every token must carry `exp` (`require_expiry`): PyJWT checks an expiry only when there is
one, and a token that never ends is not one Quid issued.

Revocation is not cached here: the blocklist callback still asks the database on every
request, so a logout takes effect at once in every worker. Refresh tokens are not kept
(each is presented once), nor is anything verified with a custom decode key loader (the
key could depend on the token or change under it).
"""

import re
from datetime import timedelta

from flask import Flask, current_app, g, request
from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config
from flask_jwt_extended.default_callbacks import default_decode_key_callback
from jwt import ExpiredSignatureError, ImmatureSignatureError, MissingRequiredClaimError, get_unverified_header

from server.common import clock
from server.common.lru import LeastRecentlyUsed

EXTENSION_NAME = "quid-verified-tokens"
# One bearer token and nothing else; any other header shape is left to flask-jwt-extended.
BEARER = re.compile(r"Bearer ([A-Za-z0-9_.=-]+)")
# The settings that decide whether a token verifies (see `verification_settings`).
VERIFICATION_SETTINGS = ("JWT_SECRET_KEY", "SECRET_KEY", "JWT_PUBLIC_KEY", "JWT_ALGORITHM",
                         "JWT_DECODE_ALGORITHMS", "JWT_DECODE_AUDIENCE", "JWT_DECODE_ISSUER",
                         "JWT_IDENTITY_CLAIM", "JWT_VERIFY_SUB")
# Distinct access tokens a worker remembers: every session active within an access token's
# lifetime, in a firm of thousands, at roughly 1 KB each.
KEPT_TOKENS = 4096


class VerifyingOnceJWTManager(JWTManager):
    """flask-jwt-extended's manager, verifying each distinct access token once per worker.

    It overrides the one method through which flask-jwt-extended decodes every token
    (`decode_token` and the view decorators both call it), and adds the fast request check
    below; the registered callbacks and every error answer stay flask-jwt-extended's own.
    """

    def init_app(self, app: Flask, add_context_processor: bool = False) -> None:
        super().init_app(app, add_context_processor)
        # One table per app: apps in one process (tests) may have different secrets.
        # Each entry: raw token and verification settings -> (header, claims).
        app.extensions[EXTENSION_NAME] = LeastRecentlyUsed(KEPT_TOKENS)

    def _decode_jwt_from_config(self, encoded_token: str, csrf_value=None, allow_expired: bool = False) -> dict:
        if csrf_value is not None or allow_expired or self._decode_key_callback is not default_decode_key_callback:
            return require_expiry(super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired))
        verified = current_app.extensions[EXTENSION_NAME]
        key = (encoded_token, verification_settings())
        kept = verified.get(key)
        if kept is None:
            claims = require_expiry(super()._decode_jwt_from_config(encoded_token))
            if claims.get("type") == "access":
                verified.keep(key, (get_unverified_header(encoded_token), dict(claims)))
            return claims
        header, claims = kept
        try:
            check_times(claims)
        except (ExpiredSignatureError, ImmatureSignatureError) as error:
            # Kept all the same: its times alone decide, and later uses are refused cheaply.
            # The header and claims are what flask-jwt-extended attaches for its answer.
            error.jwt_header = dict(header)
            error.jwt_data = dict(claims)
            raise
        # A copy: the request may add to its claims; the kept ones must stay as verified.
        return dict(claims)

    def verify_kept_access_token(self) -> bool:
        """Accept the request's bearer token if it is a kept, current access token whose
        session is live and whose holder is active; False leaves the decision (and every
        refusal) to flask-jwt-extended's `verify_jwt_in_request`.

        That function reads the configured token locations, parses the header, decodes the
        token (from the table above) and then decodes its header once more through PyJWT.
        For the common case — one `Authorization: Bearer <token>` header, a token this
        worker already verified — this does the same checks without those steps, calling
        the same registered callbacks, and leaves the request in the same state (the `g`
        names below are flask-jwt-extended 4's). After a refusal here that function checks
        again and answers it, so a refused token costs a second token-holder query.
        """
        if request.method in config.exempt_methods or list(config.token_location) != ["headers"]:
            return False
        if self._decode_key_callback is not default_decode_key_callback:
            return False
        match = BEARER.fullmatch(request.headers.get(config.header_name, ""))
        if match is None or config.header_type != "Bearer":
            return False
        token = match.group(1)
        kept = current_app.extensions[EXTENSION_NAME].get((token, verification_settings()))
        if kept is None:
            return False
        header, claims = dict(kept[0]), dict(kept[1])
        try:
            check_times(claims)
        except (ExpiredSignatureError, ImmatureSignatureError):
            return False
        if (self._token_in_blocklist_callback(header, claims)
                or not self._token_verification_callback(header, claims)):
            return False
        user = self._user_lookup_callback(header, claims)
        if user is None:
            return False
        # What verify_jwt_in_request stores for get_jwt(), get_jwt_header(), current_user.
        g._jwt_extended_jwt_user = {"loaded_user": user}
        g._jwt_extended_jwt_header = header
        g._jwt_extended_jwt = claims
        g._jwt_extended_jwt_location = "headers"
        return True


def verification_settings() -> tuple:
    """The settings besides the token that decide whether it verifies, as they stand now.

    The raw values: flask-jwt-extended derives the decode key, algorithms, audience, issuer
    and identity claim from them, so equal settings mean an equal verdict.
    """
    settings = current_app.config
    return tuple(hashable(settings.get(name)) for name in VERIFICATION_SETTINGS)


def hashable(value):
    """A list or set setting as a tuple (so that it can be part of a key)."""
    return tuple(value) if isinstance(value, list | set) else value


def require_expiry(claims: dict) -> dict:
    """`claims`, or MissingRequiredClaimError (a 401) when they have no `exp`.

    PyJWT checks `exp` only when it is there; every token Quid issues has one, so a token
    without it, even one signed with the right key, is not ours to honour: it would never end.
    """
    if "exp" not in claims:
        raise MissingRequiredClaimError("exp")
    return claims


def check_times(claims: dict) -> None:
    """PyJWT's time checks, in its order, with its messages: iat and nbf not in the future,
    exp not passed, each with the configured leeway."""
    now = clock.wall_clock_seconds()
    leeway = config.leeway
    if isinstance(leeway, timedelta):
        leeway = leeway.total_seconds()
    if "iat" in claims and int(claims["iat"]) > now + leeway:
        raise ImmatureSignatureError("The token is not yet valid (iat)")
    if "nbf" in claims and int(claims["nbf"]) > now + leeway:
        raise ImmatureSignatureError("The token is not yet valid (nbf)")
    if "exp" in claims and int(claims["exp"]) <= now - leeway:
        raise ExpiredSignatureError("Signature has expired")
