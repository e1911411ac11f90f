"""The OpenAPI document describes every endpoint with its request and response schemas."""

import re

import pytest

pytestmark = pytest.mark.sqlite_only

METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT"}


def api_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods & METHODS):
            yield path, method.lower()


def test_every_endpoint_is_documented_with_schemas(api, app):
    document = api.get("/openapi.json").get_json()
    assert document["info"]["title"] == "Quid API"
    paths = document["paths"]
    routes = list(api_routes(app))
    assert len(routes) >= 30
    for path, method in routes:
        operation = paths[path][method]
        assert operation.get("summary") or operation.get("description"), (path, method)
        successes = [code for code in operation["responses"] if code.startswith("2")]
        assert len(successes) == 1, (path, method)
        success = operation["responses"][successes[0]]
        if path in BROWSER_PAGES:
            assert "text/html" in success["content"], (path, method)
        elif path in IMAGES:
            assert "image/jpeg" in success["content"], (path, method)
            assert all(
                value["schema"] == {"type": "string", "format": "binary"} for value in success["content"].values()
            ), (path, method)
        elif successes[0] != "204":
            assert (
                "$ref" in str(success["content"]["application/json"]["schema"])
                or success["content"]["application/json"]["schema"]
            ), (path, method)
        if method in ("post", "patch") and path not in NO_BODY:
            assert "requestBody" in operation, (path, method)
        if path not in PUBLIC:
            assert operation["security"] == [{"bearerAuth": []}], (path, method)
            assert "401" in operation["responses"], (path, method)
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


NO_BODY = {
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/api/v1/answers/{answer_id}/accept",
    "/api/v1/posts/{post_id}/helpful",
    "/api/v1/answers/{answer_id}/helpful",
    "/api/v1/trades/{trade_id}/accept",
    "/api/v1/trades/{trade_id}/decline",
    "/api/v1/trades/{trade_id}/cancel",
    "/api/v1/trades/{trade_id}/legs/{leg_id}/confirm",
    "/api/v1/posts/{post_id}/experts/{user_id}/ask",
    "/api/v1/posts/{post_id}/verify",
    "/api/v1/posts/{post_id}/retire",
}
PUBLIC = {
    "/api/v1/auth/register",
    "/api/v1/auth/sign-up",
    "/api/v1/auth/login",
    "/api/v1/auth/options",
    "/api/v1/divisions",
    "/api/v1/auth/sso/start",
    "/api/v1/auth/sso/callback",
    "/api/v1/auth/sso/confirm",
    "/api/v1/auth/sso/session",
}
# A photo and its thumbnail: image bytes (JSON errors).
IMAGES = {"/api/v1/attachments/{attachment_id}", "/api/v1/attachments/{attachment_id}/thumbnail"}
# Single sign-on's pages for the system browser (JSON errors for other clients).
BROWSER_PAGES = {"/api/v1/auth/sso/callback", "/api/v1/auth/sso/confirm"}
NO_BODY |= {
    "/api/v1/auth/sso/start",
    "/api/v1/admin/invitations/{invitation_id}/revoke",
    "/api/v1/admin/sign-ups/{request_id}/reject",
}


def test_creating_posts_document_the_idempotency_key(api):
    paths = api.get("/openapi.json").get_json()["paths"]
    operation = paths["/api/v1/posts"]["post"]
    assert any(parameter["name"] == "Idempotency-Key" for parameter in operation["parameters"])
    schema_name = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    components = api.get("/openapi.json").get_json()["components"]["schemas"]
    assert {"kind", "title", "body", "tags", "audience"} <= set(components[schema_name]["properties"])
    path_parameters = paths["/api/v1/posts/{post_id}/uses"]["parameters"]
    assert [parameter["name"] for parameter in path_parameters] == ["post_id"]


def test_undos_document_the_idempotency_key(api):
    paths = api.get("/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/posts/{post_id}/uses",
        "/api/v1/answers/{answer_id}/uses",
        "/api/v1/posts/{post_id}/helpful",
        "/api/v1/answers/{answer_id}/helpful",
        "/api/v1/answers/{answer_id}/accept",
    ):
        parameters = paths[path]["delete"].get("parameters", [])
        assert any(parameter["name"] == "Idempotency-Key" for parameter in parameters), path


def test_the_error_shape_is_documented_once(api):
    components = api.get("/openapi.json").get_json()["components"]
    assert set(components["schemas"]["Error"]["properties"]) == {"code", "status", "message", "errors"}


def test_the_docs_page_is_served(api):
    response = api.get("/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.data


def operations_of(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield path, method, operation


def test_no_operation_has_a_blanket_default_response(api):
    """A `default` response lets any status pass as documented; each operation lists its own."""
    document = api.get("/openapi.json").get_json()
    assert "DEFAULT_ERROR" not in document["components"].get("responses", {})
    for path, method, operation in operations_of(document):
        assert "default" not in operation["responses"], (path, method)
        # What the app's machinery answers for any operation (server.errors.ErrorResponsesPlugin).
        assert "413" in operation["responses"], (path, method)
        if "{" in path:
            assert "404" in operation["responses"], (path, method)
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            assert {"400", "422"} <= set(operation["responses"]), (path, method)
        if operation.get("parameters"):
            assert "422" in operation["responses"], (path, method)


def test_ids_in_paths_are_bounded_as_the_routes_take_them(api):
    from shared.limits import ID_MAX, TAG_MAX_LENGTH, TAG_PATTERN

    document = api.get("/openapi.json").get_json()
    path_parameters = [
        parameter
        for item in document["paths"].values()
        for parameter in item.get("parameters", [])
        if parameter["in"] == "path"
    ]
    assert len(path_parameters) > 20
    for parameter in path_parameters:
        if parameter["name"] == "name":  # a tag's name, as tags are written
            assert parameter["schema"] == {"type": "string", "pattern": TAG_PATTERN, "maxLength": TAG_MAX_LENGTH}
            continue
        assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (1, ID_MAX), parameter


def test_ids_outside_the_documented_bounds_match_no_route(api):
    from shared.limits import ID_MAX

    admin = api.admin()
    post = admin.post_item()
    assert admin.get(f"/posts/{post['id']}").status_code == 200
    for value in (0, ID_MAX + 1):
        assert admin.get(f"/posts/{value}").status_code == 404


def test_the_idempotency_key_is_documented_as_the_server_takes_it(api):
    from shared.limits import IDEMPOTENCY_KEY_MAX_LENGTH

    operation = api.get("/openapi.json").get_json()["paths"]["/api/v1/posts"]["post"]
    header = next(parameter for parameter in operation["parameters"] if parameter["name"] == "Idempotency-Key")
    assert (header["schema"]["minLength"], header["schema"]["maxLength"]) == (1, IDEMPOTENCY_KEY_MAX_LENGTH)
    assert "422" in operation["responses"]


def test_a_range_that_leaves_out_its_bound_is_documented_as_exclusive(api):
    schemas = api.get("/openapi.json").get_json()["components"]["schemas"]
    hours_saved = schemas["UseCreate"]["properties"]["hours_saved"]
    assert (hours_saved["minimum"], hours_saved["exclusiveMinimum"]) == (0, True)


def test_posting_documents_the_403_for_a_tag_above_the_callers_level(api):
    """Found by schemathesis: a newcomer's post with a tag nobody used yet answers 403."""
    operation = api.get("/openapi.json").get_json()["paths"]["/api/v1/posts"]["post"]
    assert "403" in operation["responses"]
    newcomer = api.person()
    response = newcomer.post(
        "/posts",
        json={
            "kind": "insight",
            "title": "An insight with a new tag",
            "body": "Body.",
            "audience": "firm",
            "tags": ["brand-new-tag"],
        },
    )
    assert response.status_code == 403


def test_bodies_the_server_does_without_are_documented_as_optional(api):
    """PATCH /me, PATCH /posts/{id} and POST /notifications/read accept a request with no
    body (nothing changes; all are read); the document must not call their body required."""
    paths = api.get("/openapi.json").get_json()["paths"]
    for path, method in (
        ("/api/v1/me", "patch"),
        ("/api/v1/posts/{post_id}", "patch"),
        ("/api/v1/notifications/read", "post"),
    ):
        assert paths[path][method]["requestBody"]["required"] is False, (path, method)
    assert paths["/api/v1/posts"]["post"]["requestBody"]["required"] is True
    person = api.person()
    post = person.post_item()
    for method, path in (("PATCH", "/me"), ("PATCH", f"/posts/{post['id']}"), ("POST", "/notifications/read")):
        assert person.call(method, path).status_code == 200, path
