"""Single sign-on settings, read from the configuration (None when it is off)."""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class SsoSettings:
    """What Quid needs to know about the firm's OpenID Connect provider."""

    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    email_claim: str
    name_claim: str
    division_claim: str
    division_map: tuple[tuple[str, str], ...]
    role_claim: str
    role_map: tuple[tuple[str, str], ...]
    timeout_seconds: float

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def sso_settings() -> SsoSettings | None:
    """The provider's settings, or None when single sign-on is not configured."""
    config = current_app.config
    if not config["OIDC_ISSUER"]:
        return None
    return SsoSettings(
        issuer=config["OIDC_ISSUER"].rstrip("/"),
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        scopes=config["OIDC_SCOPES"],
        email_claim=config["OIDC_EMAIL_CLAIM"],
        name_claim=config["OIDC_NAME_CLAIM"],
        division_claim=config["OIDC_DIVISION_CLAIM"],
        division_map=tuple(sorted(config["OIDC_DIVISION_MAP"].items())),
        role_claim=config["OIDC_ROLE_CLAIM"],
        role_map=tuple(sorted(config["OIDC_ROLE_MAP"].items())),
        timeout_seconds=config["OIDC_TIMEOUT_SECONDS"],
    )
