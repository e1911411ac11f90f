"""Configuration: defaults, then the environment, then a test's overrides."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from limits import parse_many

from server.docs_assets import ASSETS_URL as DOCS_ASSETS_URL
from server.instance_files import make_private_directory, read_or_create_private_file
from shared.enums import Role
from shared.limits import MAX_REQUEST_BYTES

SECRET_FILE_NAME = "secret_key"
DATABASE_FILE_NAME = "quid.sqlite3"


class ConfigurationError(RuntimeError):
    """The server cannot start safely with the configuration it was given."""


def database_url_from(value: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL for `DATABASE_URL`, or the SQLite file under `instance/` by default."""
    if not value:
        return f"sqlite:///{Path(instance_path) / DATABASE_FILE_NAME}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


def secret_key_for(environment: str, instance_path: str) -> str:
    """The signing secret: `QUID_SECRET_KEY`, or in development one generated once and kept."""
    configured = os.environ.get("QUID_SECRET_KEY")
    if configured:
        return configured
    if environment == "production":
        raise ConfigurationError("QUID_SECRET_KEY must be set in production: refusing to start without a secret.")
    make_private_directory(instance_path)
    return read_or_create_private_file(Path(instance_path) / SECRET_FILE_NAME, secrets.token_urlsafe(48))


def email_domains_from(value: str | None) -> tuple[str, ...]:
    """`QUID_ALLOWED_EMAIL_DOMAINS` ("firm.example, firm.co.uk") as lower-case domains."""
    domains = []
    for part in (value or "").replace(";", ",").split(","):
        domain = part.strip().lower().lstrip("@")
        if domain:
            if "@" in domain or "." not in domain or " " in domain:
                raise ConfigurationError(f"QUID_ALLOWED_EMAIL_DOMAINS: {part.strip()!r} is not a domain.")
            domains.append(domain)
    return tuple(dict.fromkeys(domains))


def value_map_from(value: str | None, *, setting: str) -> dict[str, str]:
    """A mapping written as `claim value=target; claim value=target` (targets are slugs or
    role names), keyed by the claim value in lower case so that matching ignores case."""
    mapping = {}
    for part in (value or "").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        source, separator, target = part.rpartition("=")
        if not separator or not source.strip() or not target.strip():
            raise ConfigurationError(f"{setting}: {part.strip()!r} is not 'claim value=target'.")
        mapping[source.strip().lower()] = target.strip()
    return mapping


SMTP_SECURITY_CHOICES = ("starttls", "tls", "none")


def check_sign_in_settings(config: dict) -> None:
    """Refuse to start with single sign-on or mail settings that cannot work."""
    if config["OIDC_ISSUER"] and not (config["OIDC_CLIENT_ID"] and config["OIDC_CLIENT_SECRET"]):
        raise ConfigurationError(
            "QUID_OIDC_ISSUER is set: QUID_OIDC_CLIENT_ID and QUID_OIDC_CLIENT_SECRET must be set too."
        )
    roles = {role.value for role in Role}
    for value, role in config["OIDC_ROLE_MAP"].items():
        if role not in roles:
            raise ConfigurationError(
                f"QUID_OIDC_ROLE_MAP: {value!r} maps to {role!r}, which is not one of {', '.join(sorted(roles))}."
            )
    if config["SMTP_SECURITY"] not in SMTP_SECURITY_CHOICES:
        raise ConfigurationError(f"QUID_SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY_CHOICES)}.")
    if config["SMTP_HOST"] and not config["MAIL_FROM"]:
        raise ConfigurationError("QUID_SMTP_HOST is set: QUID_MAIL_FROM (the sender address) must be set too.")


def check_attachment_settings(config: dict) -> None:
    """Refuse to start with a photo store that cannot work."""
    from server.attachments.storage import S3, STORES

    if config["ATTACHMENT_STORE"] not in STORES:
        raise ConfigurationError(f"QUID_ATTACHMENT_STORE must be one of {', '.join(STORES)}.")
    if config["ATTACHMENT_STORE"] == S3 and not config["S3_BUCKET"]:
        raise ConfigurationError("QUID_ATTACHMENT_STORE is s3: QUID_S3_BUCKET (an existing bucket) must be set too.")


def check_throttle_settings(config: dict) -> None:
    """Refuse to start with a password rate limit Flask-Limiter cannot read, or waits that
    make no sense."""
    try:
        parse_many(config["PASSWORD_RATE_LIMIT"])
    except ValueError:
        raise ConfigurationError(
            f"QUID_PASSWORD_RATE_LIMIT: {config['PASSWORD_RATE_LIMIT']!r} is not a rate such as '30 per minute'."
        ) from None
    if not 0 < config["LOGIN_FIRST_WAIT_SECONDS"] <= config["LOGIN_LONGEST_WAIT_SECONDS"]:
        raise ConfigurationError(
            "QUID_LOGIN_FIRST_WAIT_SECONDS must be above 0 and at most QUID_LOGIN_LONGEST_WAIT_SECONDS."
        )


def build_config(instance_path: str, overrides: dict | None) -> dict:
    """Every setting the app reads, with the environment applied and `overrides` last."""
    overrides = overrides or {}
    environment = overrides.get("QUID_ENV") or os.environ.get("QUID_ENV", "development")
    config = {
        "QUID_ENV": environment,
        "SQLALCHEMY_DATABASE_URI": database_url_from(os.environ.get("DATABASE_URL"), instance_path),
        "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
        "JSON_SORT_KEYS": False,
        # JWT: short-lived access tokens, rotated refresh tokens, tokens only in headers.
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(seconds=int(os.environ.get("QUID_ACCESS_TOKEN_SECONDS", 15 * 60))),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(
            seconds=int(os.environ.get("QUID_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600))
        ),
        "JWT_ERROR_MESSAGE_KEY": "message",
        # A used refresh token presented again within this many seconds (a lost answer, two
        # tabs) answers the same pair instead of ending the session (server.auth.tokens).
        "REFRESH_GRACE_SECONDS": int(os.environ.get("QUID_REFRESH_GRACE_SECONDS", 30)),
        # Likeness (related posts, the similar work behind expert suggestions) ranks only this
        # many of the newest posts sharing a word with the text (server.search.service).
        "LIKENESS_CANDIDATES": int(os.environ.get("QUID_LIKENESS_CANDIDATES", 2_000)),
        # Login throttling (server.auth.throttle): failures allowed without waiting, for one
        # account from one address and for one address across accounts, then a wait that
        # doubles from the first to the longest; failures older than the memory are forgotten.
        "LOGIN_FREE_FAILURES": int(os.environ.get("QUID_LOGIN_FREE_FAILURES", 5)),
        "LOGIN_FREE_FAILURES_PER_ADDRESS": int(os.environ.get("QUID_LOGIN_FREE_FAILURES_PER_ADDRESS", 20)),
        "LOGIN_FIRST_WAIT_SECONDS": float(os.environ.get("QUID_LOGIN_FIRST_WAIT_SECONDS", 1)),
        "LOGIN_LONGEST_WAIT_SECONDS": float(os.environ.get("QUID_LOGIN_LONGEST_WAIT_SECONDS", 15 * 60)),
        "LOGIN_FAILURE_MEMORY_SECONDS": float(os.environ.get("QUID_LOGIN_FAILURE_MEMORY_SECONDS", 24 * 3600)),
        # Requests that make the server hash a password (server.auth.rate_limits), per client
        # address, counted by Flask-Limiter in Redis when REDIS_URL is set (shared by every
        # worker), otherwise in each worker's memory.
        "PASSWORD_RATE_LIMIT": os.environ.get("QUID_PASSWORD_RATE_LIMIT", "30 per minute"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # How many reverse proxies stand in front of gunicorn: the client address is then
        # taken from that many X-Forwarded-For entries (0: the connecting address).
        "PROXY_COUNT": int(os.environ.get("QUID_PROXY_COUNT", 0)),
        "IDEMPOTENCY_RETENTION_DAYS": int(os.environ.get("QUID_IDEMPOTENCY_RETENTION_DAYS", 7)),
        "FIRM_TIMEZONE": os.environ.get("QUID_FIRM_TIMEZONE", "UTC"),
        # A server database connection idle in the pool longer than this is checked (one
        # round trip) before use; see server.database.check_idle_connections_before_use.
        "DATABASE_PING_AFTER_IDLE_SECONDS": float(os.environ.get("QUID_DATABASE_PING_AFTER_IDLE_SECONDS", 5)),
        # SQLite: how long a statement waits for another writer's lock before "database is
        # locked" (whose transaction is then run again: see server.database).
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("QUID_SQLITE_BUSY_TIMEOUT_MS", 15_000)),
        # argon2id cost; tests lower it so that hundreds of sign-ups stay quick.
        "PASSWORD_HASH_TIME_COST": int(os.environ.get("QUID_PASSWORD_HASH_TIME_COST", 3)),
        "PASSWORD_HASH_MEMORY_KIB": int(os.environ.get("QUID_PASSWORD_HASH_MEMORY_KIB", 65536)),
        # Joining: invitations, and self sign-up from the firm's own email domains.
        "INVITATION_DAYS": int(os.environ.get("QUID_INVITATION_DAYS", 7)),
        "ALLOWED_EMAIL_DOMAINS": email_domains_from(os.environ.get("QUID_ALLOWED_EMAIL_DOMAINS")),
        # The address people reach this server at, for links and the single sign-on
        # callback; by default the address each request came to.
        "PUBLIC_URL": os.environ.get("QUID_PUBLIC_URL", "").rstrip("/"),
        # Single sign-on with the firm's OpenID Connect provider (on when the issuer is set).
        "OIDC_ISSUER": os.environ.get("QUID_OIDC_ISSUER", "").rstrip("/"),
        "OIDC_CLIENT_ID": os.environ.get("QUID_OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": os.environ.get("QUID_OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": os.environ.get("QUID_OIDC_SCOPES", "openid email profile"),
        "OIDC_EMAIL_CLAIM": os.environ.get("QUID_OIDC_EMAIL_CLAIM", "email"),
        "OIDC_NAME_CLAIM": os.environ.get("QUID_OIDC_NAME_CLAIM", "name"),
        "OIDC_DIVISION_CLAIM": os.environ.get("QUID_OIDC_DIVISION_CLAIM", "division"),
        "OIDC_DIVISION_MAP": value_map_from(os.environ.get("QUID_OIDC_DIVISION_MAP"), setting="QUID_OIDC_DIVISION_MAP"),
        "OIDC_ROLE_CLAIM": os.environ.get("QUID_OIDC_ROLE_CLAIM", ""),
        "OIDC_ROLE_MAP": value_map_from(os.environ.get("QUID_OIDC_ROLE_MAP"), setting="QUID_OIDC_ROLE_MAP"),
        "OIDC_TIMEOUT_SECONDS": float(os.environ.get("QUID_OIDC_TIMEOUT_SECONDS", 10)),
        # Outgoing mail (invitations); off unless a host is set.
        "SMTP_HOST": os.environ.get("QUID_SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("QUID_SMTP_PORT", 587)),
        "SMTP_SECURITY": os.environ.get("QUID_SMTP_SECURITY", "starttls"),
        "SMTP_USERNAME": os.environ.get("QUID_SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("QUID_SMTP_PASSWORD", ""),
        "SMTP_TIMEOUT_SECONDS": float(os.environ.get("QUID_SMTP_TIMEOUT_SECONDS", 10)),
        "MAIL_FROM": os.environ.get("QUID_MAIL_FROM", ""),
        # Photos (server.attachments): kept on the local disk under the instance folder, or in
        # a bucket of an S3-compatible store (credentials from boto3's chain: AWS_ACCESS_KEY_ID
        # and AWS_SECRET_ACCESS_KEY, a profile or the machine's role).
        "ATTACHMENT_STORE": os.environ.get("QUID_ATTACHMENT_STORE", "local").strip().lower(),
        "ATTACHMENT_DIRECTORY": os.environ.get("QUID_ATTACHMENT_DIRECTORY") or str(Path(instance_path) / "attachments"),
        "S3_BUCKET": os.environ.get("QUID_S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("QUID_S3_ENDPOINT_URL", ""),
        "S3_REGION": os.environ.get("QUID_S3_REGION", "us-east-1"),
        "S3_PREFIX": os.environ.get("QUID_S3_PREFIX", ""),
        # flask-smorest: the OpenAPI document and its docs page.
        "API_TITLE": "Quid API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Swagger UI from the app itself (server.docs_assets), not from a CDN.
        "OPENAPI_SWAGGER_UI_URL": DOCS_ASSETS_URL,
        # Swagger UI would otherwise send the document's address to its online validator.
        "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    }
    config.update(overrides)
    # Flask-Limiter's own settings, from ours.
    config.setdefault("RATELIMIT_STORAGE_URI", config["REDIS_URL"] or "memory://")
    config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    config.setdefault("RATELIMIT_KEY_PREFIX", "quid")
    # Retry-After comes with our error shape (server.auth.rate_limits); without Redis at
    # hand, sign-in keeps working under the database's throttle rather than failing.
    config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    check_sign_in_settings(config)
    check_throttle_settings(config)
    check_attachment_settings(config)
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = secret_key_for(environment, instance_path)
    config.setdefault("JWT_SECRET_KEY", config["SECRET_KEY"])
    return config
