"""Swagger UI's scripts and stylesheets for the docs page, served by the app itself.

The docs page (`/api/v1/docs`, flask-smorest's) loads Swagger UI from
`OPENAPI_SWAGGER_UI_URL`. Pointing that here, at the copy the pinned `swagger-ui-bundle`
package ships, keeps the page working without the internet (a firm's closed network, a
laptop on a train) and sends no visitor's browser to a third party.
"""

from flask import Blueprint
from swagger_ui_bundle import swagger_ui_path

# A path on this host, so the page works at whatever address the server is reached.
ASSETS_URL = "/api/v1/docs/assets/"

# Named like flask-smorest's own "api-docs" blueprint: these routes serve the docs page and
# are not API operations, so they are not in the OpenAPI document.
blueprint = Blueprint(
    "api-docs-assets",
    __name__,
    url_prefix=ASSETS_URL.rstrip("/"),
    static_folder=str(swagger_ui_path),
    static_url_path="",
)
