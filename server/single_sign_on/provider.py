"""Talking to the firm's OpenID Connect provider, with Authlib as the client.

Authlib reads the provider's discovery document, builds the authorization request
(authorization code with PKCE S256, `state` and `nonce`), exchanges the code and verifies
the ID token's signature against the provider's JWKS (fetched again once when a token
names a key it does not know, so key rotation needs no restart). Quid adds the checks
Authlib leaves to its caller: the issuer and audience must be the configured ones, and
the discovery document must name the configured issuer. Claims the ID token lacks are
taken from the userinfo endpoint, for the same subject.

Every failure becomes an IdentityProviderError carrying the HTTP status and the sentence
the person reads.
"""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import current_app
from joserfc import errors as jose_errors

from server.single_sign_on.settings import SsoSettings

log = logging.getLogger(__name__)
EXTENSION_NAME = "quid-sso-clients"
UNREACHABLE = "Quid could not reach your company's sign-in service; try again in a moment."
# Why an ID token was refused, in words, by the failed check.
CLAIM_REASONS = {
    "iss": "it was issued by another provider (iss)",
    "aud": "it was issued for another application (aud)",
    "nonce": "it does not belong to this sign-in (nonce)",
    "sub": "it names no one (sub)",
    "exp": "it has expired (exp)",
    "iat": "it was issued in the future (iat)",
    "nbf": "it is not valid yet (nbf)",
}


class IdentityProviderError(Exception):
    """The provider could not be reached, refused, or sent something Quid cannot trust."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def client_for(settings: SsoSettings):
    """The Authlib client for these settings, made once per app and configuration."""
    clients = current_app.extensions.setdefault(EXTENSION_NAME, {})
    client = clients.get(settings)
    if client is None:
        client = OAuth(current_app).register(
            "company",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.metadata_url,
            client_kwargs={
                "scope": settings.scopes,
                "code_challenge_method": "S256",
                "default_timeout": settings.timeout_seconds,
            },
        )
        clients[settings] = client
    return client


# What Quid reads from the discovery document; each must be a URL string.
DISCOVERY_ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


def provider_metadata(settings: SsoSettings) -> dict:
    """The provider's discovery document (read once per worker), checked to be the configured issuer's."""
    client = client_for(settings)
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError, TypeError) as error:
        # TypeError: the document is JSON but not an object (authlib stamps it as a dict).
        log.warning("OpenID provider discovery at %s failed: %s", settings.metadata_url, error)
        raise IdentityProviderError(502, UNREACHABLE) from error
    malformed = [name for name in DISCOVERY_ENDPOINTS if not isinstance(metadata.get(name), str)]
    if malformed:
        client.server_metadata.clear()
        log.error("OpenID provider at %s sent discovery without usable %s", settings.issuer, malformed)
        raise IdentityProviderError(
            502,
            "Your company's sign-in service is not set up as Quid expects "
            "(its discovery document is incomplete); tell your Quid admin.",
        )
    if metadata["issuer"].rstrip("/") != settings.issuer:
        client.server_metadata.clear()  # read it again next time: the provider may be mid-change
        log.error("OpenID provider at %s calls itself %r", settings.issuer, metadata.get("issuer"))
        raise IdentityProviderError(
            502,
            "Your company's sign-in service is not set up as Quid expects (its issuer differs); tell your Quid admin.",
        )
    return metadata


def authorization_request(settings: SsoSettings, *, redirect_uri: str) -> dict:
    """Where to send the browser, and the state, nonce and PKCE verifier to keep for the callback."""
    provider_metadata(settings)
    try:
        return client_for(settings).create_authorization_url(redirect_uri=redirect_uri)
    except (requests.RequestException, RuntimeError) as error:
        raise IdentityProviderError(502, UNREACHABLE) from error


def verified_claims(settings: SsoSettings, *, code: str, code_verifier: str, redirect_uri: str, nonce: str) -> dict:
    """Exchange the authorization code and return the ID token's verified claims (with
    userinfo's for what the token leaves out)."""
    client = client_for(settings)
    metadata = provider_metadata(settings)
    try:
        token = client.fetch_access_token(redirect_uri=redirect_uri, code=code, code_verifier=code_verifier)
    except requests.RequestException as error:
        raise IdentityProviderError(502, UNREACHABLE) from error
    except AuthlibBaseError as error:
        raise IdentityProviderError(
            401, f"Your company's sign-in service refused the sign-in ({error.description or error.error})."
        ) from error
    if "id_token" not in token:
        raise IdentityProviderError(401, "Your company's sign-in service sent no ID token.")
    try:
        # The issuer exactly as the provider writes it: some (Auth0) end it with a slash,
        # which the configured one may leave out; provider_metadata checked they agree.
        claims = dict(
            client.parse_id_token(
                token,
                nonce=nonce,
                claims_options={
                    "iss": {"essential": True, "value": metadata["issuer"]},
                    "aud": {"essential": True, "value": settings.client_id},
                },
            )
        )
    except jose_errors.JoseError as error:
        log.warning("ID token refused: %r", error)
        raise IdentityProviderError(
            401, f"The sign-in could not be trusted: the ID token was refused because {reason_for(error)}."
        ) from error
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise IdentityProviderError(401, f"The sign-in could not be trusted: {CLAIM_REASONS['sub']}.")
    wanted = [settings.email_claim, settings.name_claim, settings.division_claim, settings.role_claim]
    if any(name and name not in claims for name in wanted) and metadata.get("userinfo_endpoint"):
        claims = {**userinfo_claims(client, metadata, token, subject=claims["sub"]), **claims}
    return claims


def userinfo_claims(client, metadata: dict, token: dict, *, subject: str) -> dict:
    """The userinfo endpoint's claims, which must be about the ID token's subject."""
    try:
        response = client.get(metadata["userinfo_endpoint"], token=token)
        response.raise_for_status()
        info = response.json()
    except (requests.RequestException, ValueError) as error:
        raise IdentityProviderError(502, UNREACHABLE) from error
    if not isinstance(info, dict) or info.get("sub") != subject:
        raise IdentityProviderError(
            401, "The sign-in could not be trusted: the provider's user information is about someone else."
        )
    return info


def reason_for(error: jose_errors.JoseError) -> str:
    """Why a token was refused, in words."""
    if isinstance(error, jose_errors.ExpiredTokenError):
        return CLAIM_REASONS["exp"]
    if isinstance(error, jose_errors.ClaimError):
        return CLAIM_REASONS.get(error.claim, f"its claim {error.claim!r} is wrong or missing")
    if isinstance(error, jose_errors.BadSignatureError):
        return "its signature does not match the provider's keys"
    if isinstance(error, jose_errors.InvalidKeyIdError):
        return "it was signed with a key the provider does not publish"
    if isinstance(error, jose_errors.UnsupportedAlgorithmError):
        return "it uses a signing algorithm Quid does not accept"
    return f"it is not a valid signed token ({error.error or type(error).__name__})"
