"""The OpenAPI document describes every endpoint with its request and response schemas."""

import pytest

pytestmark = pytest.mark.sqlite_only

METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT"}


def api_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs"):
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
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
        elif successes[0] != "204":
            assert "$ref" in str(success["content"]["application/json"]["schema"]) or \
                success["content"]["application/json"]["schema"], (path, method)
        if method in ("post", "patch") and path not in NO_BODY:
            assert "requestBody" in operation, (path, method)
        if path not in PUBLIC:
            assert operation["security"] == [{"bearerAuth": []}], (path, method)
            assert "401" in operation["responses"], (path, method)
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


NO_BODY = {"/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/answers/{answer_id}/accept",
           "/api/v1/posts/{post_id}/helpful", "/api/v1/answers/{answer_id}/helpful",
           "/api/v1/trades/{trade_id}/accept", "/api/v1/trades/{trade_id}/decline",
           "/api/v1/trades/{trade_id}/cancel", "/api/v1/trades/{trade_id}/legs/{leg_id}/confirm"}
PUBLIC = {"/api/v1/auth/register", "/api/v1/auth/sign-up", "/api/v1/auth/login", "/api/v1/auth/options",
          "/api/v1/divisions", "/api/v1/auth/sso/start", "/api/v1/auth/sso/callback", "/api/v1/auth/sso/confirm",
          "/api/v1/auth/sso/session"}
# Single sign-on's pages for the system browser (JSON errors for other clients).
BROWSER_PAGES = {"/api/v1/auth/sso/callback", "/api/v1/auth/sso/confirm"}
NO_BODY |= {"/api/v1/auth/sso/start", "/api/v1/admin/invitations/{invitation_id}/revoke",
            "/api/v1/admin/sign-ups/{request_id}/reject"}


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
    for path in ("/api/v1/posts/{post_id}/uses", "/api/v1/answers/{answer_id}/uses",
                 "/api/v1/posts/{post_id}/helpful", "/api/v1/answers/{answer_id}/helpful",
                 "/api/v1/answers/{answer_id}/accept"):
        parameters = paths[path]["delete"].get("parameters", [])
        assert any(parameter["name"] == "Idempotency-Key" for parameter in parameters), path


def test_the_error_shape_is_documented_once(api):
    components = api.get("/openapi.json").get_json()["components"]
    assert set(components["schemas"]["Error"]["properties"]) == {"code", "status", "message", "errors"}


def test_the_docs_page_is_served(api):
    response = api.get("/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.data
