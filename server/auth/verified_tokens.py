"""Each access token's signature checked once per worker; its lifetime on every use.

flask-jwt-extended verifies a bearer token by decoding it three times through PyJWT on
every request (unverified claims, unverified header, then the verified decode), and PyJWT
checks the base64 alphabet one character at a time in Python. A token is immutable: once
its signature and claims have been verified, the only thing that can change about it is
the time. So each worker keeps the claims of the access tokens it has verified, in a
bounded least-recently-used table keyed by the raw token and the verification settings,
and on a later use only checks the token's times (iat, nbf, exp, with the configured
leeway) by the same wall clock PyJWT uses, answering an expired token exactly as before.

Revocation is not cached here: the blocklist callback still asks the database on every
request, so a logout takes effect at once in every worker. Refresh tokens are not kept
(each is presented once), nor is anything verified with a custom decode key loader (the
key could depend on the token or change under it).
"""

import threading
from collections import OrderedDict
from datetime import timedelta

from flask import Flask, current_app
from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config
from flask_jwt_extended.default_callbacks import default_decode_key_callback
from jwt import ExpiredSignatureError, ImmatureSignatureError, get_unverified_header

from server.common import clock

EXTENSION_NAME = "quid-verified-tokens"
# Distinct access tokens a worker remembers: every session active within an access token's
# lifetime, in a firm of thousands, at roughly 1 KB each.
KEPT_TOKENS = 4096


class VerifiedTokens:
    """A bounded, thread-safe least-recently-used table of verified token claims."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._claims: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key) -> dict | None:
        with self._lock:
            claims = self._claims.get(key)
            if claims is not None:
                self._claims.move_to_end(key)
            return claims

    def keep(self, key, claims: dict) -> None:
        with self._lock:
            self._claims[key] = claims
            self._claims.move_to_end(key)
            while len(self._claims) > self.capacity:
                self._claims.popitem(last=False)

    def __len__(self) -> int:
        return len(self._claims)


class VerifyingOnceJWTManager(JWTManager):
    """flask-jwt-extended's manager, verifying each distinct access token once per worker.

    It overrides the one method through which flask-jwt-extended decodes every token
    (`decode_token` and the view decorators both call it); everything else — where the
    token is read from, its type, the revocation check, the user lookup, every error
    answer — stays flask-jwt-extended's own.
    """

    def init_app(self, app: Flask, add_context_processor: bool = False) -> None:
        super().init_app(app, add_context_processor)
        # One table per app: apps in one process (tests) may have different secrets.
        app.extensions[EXTENSION_NAME] = VerifiedTokens(KEPT_TOKENS)

    def _decode_jwt_from_config(self, encoded_token: str, csrf_value=None, allow_expired: bool = False) -> dict:
        if csrf_value is not None or allow_expired or self._decode_key_callback is not default_decode_key_callback:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        verified = current_app.extensions[EXTENSION_NAME]
        key = (encoded_token, verification_settings())
        claims = verified.get(key)
        if claims is None:
            claims = super()._decode_jwt_from_config(encoded_token)
            if claims.get("type") == "access":
                verified.keep(key, dict(claims))
            return claims
        try:
            check_times(claims)
        except (ExpiredSignatureError, ImmatureSignatureError) as error:
            # Kept all the same: its times alone decide, and later uses are refused cheaply.
            # The header and claims are what flask-jwt-extended attaches for its answer.
            error.jwt_header = get_unverified_header(encoded_token)
            error.jwt_data = dict(claims)
            raise
        # A copy: the request may add to its claims; the kept ones must stay as verified.
        return dict(claims)


def verification_settings() -> tuple:
    """Everything besides the token that decides whether PyJWT accepts it."""
    audience = config.decode_audience
    return (config.decode_key, tuple(config.decode_algorithms),
            tuple(audience) if isinstance(audience, list | set | tuple) else audience,
            config.decode_issuer, config.identity_claim_key, config.verify_sub)


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
