"""Who is calling and what they may do: the bearer-token guard and role checks."""

import functools
from typing import TYPE_CHECKING

from flask import current_app, g
from flask_jwt_extended import current_user, get_current_user, get_jwt, verify_jwt_in_request
from flask_smorest import abort

from server.common.documentation import add_operation_doc
from shared.enums import Role

if TYPE_CHECKING:
    from server.users.models import User  # common/ depends on no feature: a type only

BEARER_SECURITY = [{"bearerAuth": []}]


def auth_required(view):
    """Require a valid, unrevoked access token; documents the bearer scheme and the 401."""

    @functools.wraps(view)
    def protected(*args, **kwargs):
        verify_access_token()
        return current_app.ensure_sync(view)(*args, **kwargs)

    return add_operation_doc(protected, security=BEARER_SECURITY, responses={"401": "UNAUTHORIZED"})


def verify_access_token(*, optional: bool = False) -> None:
    """Check the request's access token (its absence is accepted when `optional`), once.

    flask-jwt-extended checks afresh each time it is asked, and each check queries the
    database for the token's holder and session; an idempotent POST asks twice (whose key
    it is, then the view's guard). A check that found a valid token stands for the rest of
    the request; one that found no token does not, so a later required check answers 401.
    """
    if g.get("quid_access_token_verified"):
        return
    verify_jwt_in_request(optional=optional)
    if get_jwt():
        g.quid_access_token_verified = True


def roles_required(*roles: Role):
    """Require one of `roles` on top of a valid token; others get 403 naming the roles."""
    allowed = {role.value for role in roles}

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403, message=f"Only {' or '.join(sorted(allowed))} accounts may do this.")
            return view(*args, **kwargs)

        # Read by the function-level authorisation tests, which find every guarded route.
        guarded.required_roles = frozenset(allowed)
        add_operation_doc(guarded, responses={"403": "FORBIDDEN"})
        return auth_required(guarded)

    return decorate


def caller() -> "User":
    """The signed-in user of this request."""
    return get_current_user()


def caller_id() -> int:
    """The signed-in user's id, for views that need nothing else about them."""
    return current_user.id


def require_author_or_admin(*, author_id: int, editor, noun: str) -> None:
    """403 unless `editor` wrote the item or is an admin."""
    if author_id != editor.id and not editor.is_admin:
        abort(403, message=f"Only the author or an admin can change this {noun}.")
