"""Where people reach this server (for links and redirects), and where a request comes from."""

import ipaddress

from flask import current_app, has_request_context, request

# One IPv6 client usually holds a whole /64, so it counts as one address.
IPV6_CLIENT_PREFIX = 64
UNKNOWN_CLIENT = "unknown"


def public_base_url() -> str:
    """QUID_PUBLIC_URL, else the address this request came to ('' outside a request)."""
    configured = current_app.config["PUBLIC_URL"]
    if configured:
        return configured
    return request.host_url.rstrip("/") if has_request_context() else ""


def client_address() -> str:
    """The client this request comes from, as sign-in throttling and rate limits count it:
    the connecting address (or, with `QUID_PROXY_COUNT`, the one the proxies forwarded), an
    IPv6 address as its /64 network, and anything unparsable as one shared "unknown"."""
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return UNKNOWN_CLIENT
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)
