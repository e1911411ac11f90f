"""OWASP API5 (2023), broken function level authorisation, for Quid: the functions of a role
(administration today; leaders' analytics when they come) refuse everyone else. A member or
a leader calling an admin route gets 403, an unauthenticated caller 401, both in the one
error shape; the admin is let through.

The routes are found in the app's URL map by the rule the code uses (`roles_required`
marks each view it guards with the roles it requires), so a new admin or leader route
without an entry here fails the first test.
"""

import pytest

from tests.support.assertions import assert_error
from tests.support.http import PREFIX

MISSING_ID = 987654


def role_guarded_routes(app) -> dict[tuple[str, str], frozenset]:
    """(method, rule) -> the roles its view requires, for every role-guarded view."""
    guarded = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            handler = getattr(view_class, method.lower(), None) if view_class else view
            roles = getattr(handler, "required_roles", None)
            if roles:
                guarded[(method, rule.rule)] = roles
    return guarded


ADMIN = f"{PREFIX}/admin"
# (method, rule) -> (the roles it is for, a request a permitted caller could make: path and body).
GUARDED = {
    ("GET", f"{ADMIN}/audit"): ({"admin"}, "/admin/audit", None),
    ("GET", f"{ADMIN}/divisions"): ({"admin"}, "/admin/divisions", None),
    ("POST", f"{ADMIN}/divisions"): ({"admin"}, "/admin/divisions", {"name": "New Division"}),
    ("PATCH", f"{ADMIN}/divisions/<int:division_id>"): (
        {"admin"},
        "/admin/divisions/{division}",
        {"name": "Renamed Division"},
    ),
    ("GET", f"{ADMIN}/users"): ({"admin"}, "/admin/users", None),
    ("GET", f"{ADMIN}/users/<int:user_id>"): ({"admin"}, "/admin/users/{member}", None),
    ("PATCH", f"{ADMIN}/users/<int:user_id>"): ({"admin"}, "/admin/users/{member}", {"role": "admin"}),
    ("GET", f"{ADMIN}/invitations"): ({"admin"}, "/admin/invitations", None),
    ("POST", f"{ADMIN}/invitations"): (
        {"admin"},
        "/admin/invitations",
        {"email": "invited.here@quid.example", "division": "{division}", "role": "member"},
    ),
    ("POST", f"{ADMIN}/invitations/<int:invitation_id>/revoke"): (
        {"admin"},
        "/admin/invitations/{missing}/revoke",
        None,
    ),
    ("GET", f"{ADMIN}/sign-ups"): ({"admin"}, "/admin/sign-ups", None),
    ("POST", f"{ADMIN}/sign-ups/<int:request_id>/approve"): (
        {"admin"},
        "/admin/sign-ups/{missing}/approve",
        {"division": "{division}"},
    ),
    ("POST", f"{ADMIN}/sign-ups/<int:request_id>/reject"): ({"admin"}, "/admin/sign-ups/{missing}/reject", None),
    ("PATCH", f"{ADMIN}/tags/<tag:name>"): ({"admin"}, "/admin/tags/pricing", {"verification_days": 30}),
    ("GET", f"{ADMIN}/flags"): ({"admin"}, "/admin/flags", None),
}
GUARDED |= {
    ("POST", f"{ADMIN}/{kind}s/<int:{kind}_id>/{action}"): (
        {"admin"},
        f"/admin/{kind}s/{{missing}}/{action}",
        {"note": "Moderated"},
    )
    for kind in ("post", "answer")
    for action in ("hide", "restore", "flags/dismiss")
}
ANALYTICS = f"{PREFIX}/analytics"
GUARDED |= {
    ("GET", f"{ANALYTICS}/{name}"): ({"leader", "admin"}, f"/analytics/{name}", None)
    for name in ("flows", "white-space", "brokers", "promises", "trends", "expertise-gaps")
}


@pytest.fixture
def callers(api):
    return {
        "member": api.person(division="Field Sales North"),
        "leader": api.person(division="Field Sales North", role="leader"),
        "admin": api.admin(),
    }


def fill(value, ids):
    """The request with `{member}`, `{division}` and `{missing}` replaced by real ids."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    return value


def requests(callers):
    ids = {"member": callers["member"].id, "division": callers["member"].user["division"]["id"], "missing": MISSING_ID}
    for (method, rule), (roles, path, body) in GUARDED.items():
        yield method, rule, roles, fill(path, ids), fill(body, ids)


def test_every_role_guarded_route_has_an_entry(app):
    guarded = role_guarded_routes(app)
    assert set(guarded) == set(GUARDED), "add the new role-guarded route to GUARDED (or remove a stale entry)"
    assert {key: set(roles) for key, roles in guarded.items()} == {key: entry[0] for key, entry in GUARDED.items()}


def test_every_admin_path_is_role_guarded(app):
    """Nothing under /admin escapes the guard (a view someone forgot to decorate)."""
    guarded = role_guarded_routes(app)
    admin_routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(ADMIN)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert admin_routes and admin_routes <= set(guarded)


def test_role_guarded_routes_answer_403_to_other_roles_and_401_without_a_token(api, callers):
    failures = []
    for method, rule, roles, path, body in requests(callers):
        for role in ("member", "leader"):
            if role in roles:
                continue
            response = callers[role].call(method, path, json=body)
            failure = error_shape_problem(response, 403)
            if failure:
                failures.append(f"{method} {rule} as {role}: {failure}")
        for headers in ({}, {"Authorization": "Bearer not-a-token"}):
            response = api.client.open(PREFIX + path, method=method, json=body, headers=headers)
            failure = error_shape_problem(response, 401)
            if failure:
                failures.append(f"{method} {rule} with {headers or 'no token'}: {failure}")
    assert not failures, "\n".join(failures)


def test_the_roles_a_route_is_for_get_past_the_guard(callers):
    """The refusals above are about the role: the same requests pass the guard for the admin."""
    for method, rule, roles, path, body in requests(callers):
        for role in roles:
            response = callers[role].call(method, path, json=body)
            assert response.status_code not in (401, 403), (method, rule, role, response.get_json())


def test_a_refusal_names_the_role_needed(callers):
    assert_error(callers["leader"].get("/admin/users"), 403, mentions="Only admin accounts")


def error_shape_problem(response, code: int) -> str | None:
    body = response.get_json()
    if response.status_code != code:
        return f"{response.status_code}, not {code}: {body}"
    if not isinstance(body, dict) or set(body) != {"code", "status", "message", "errors"} or body["code"] != code:
        return f"not the error shape: {body}"
    return None
