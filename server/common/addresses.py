"""Where people reach this server, for links and redirects."""

from flask import current_app, has_request_context, request


def public_base_url() -> str:
    """QUID_PUBLIC_URL, else the address this request came to ('' outside a request)."""
    configured = current_app.config["PUBLIC_URL"]
    if configured:
        return configured
    return request.host_url.rstrip("/") if has_request_context() else ""
