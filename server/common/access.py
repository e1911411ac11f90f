"""Who is calling and what they may do: the bearer-token guard and role checks."""

import functools

from flask_jwt_extended import current_user, jwt_required
from flask_smorest import abort

from server.common.documentation import add_operation_doc
from shared.enums import Role

BEARER_SECURITY = [{"bearerAuth": []}]


def auth_required(view):
    """Require a valid, unrevoked access token; documents the bearer scheme and the 401."""
    protected = jwt_required()(view)
    return add_operation_doc(protected, security=BEARER_SECURITY, responses={"401": "UNAUTHORIZED"})


def roles_required(*roles: Role):
    """Require one of `roles` on top of a valid token; others get 403 naming the roles."""
    allowed = {role.value for role in roles}

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403, message=f"Only {' or '.join(sorted(allowed))} accounts may do this.")
            return view(*args, **kwargs)

        add_operation_doc(guarded, responses={"403": "FORBIDDEN"})
        return auth_required(guarded)

    return decorate


def caller():
    """The signed-in user of this request."""
    return current_user


def require_author_or_admin(*, author_id: int, editor, noun: str) -> None:
    """403 unless `editor` wrote the item or is an admin."""
    if author_id != editor.id and not editor.is_admin:
        abort(403, message=f"Only the author or an admin can change this {noun}.")
