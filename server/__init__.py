"""The Quid API: `create_app` builds the Flask application."""

import os

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from server.common.routing import IdConverter, TagNameConverter, tag_name_parameter
from server.common.uploads import request_body_limit
from server.config import SECRET_FILE_NAME, build_config
from server.instance_files import make_private_directory, secure_instance

MIGRATIONS_DIRECTORY = os.path.join(os.path.dirname(__file__), "migrations")


class QuidFlask(Flask):
    """Flask, with each request's view run in its transaction (server.database)."""

    def dispatch_request(self):
        from server.database import run_request_transaction

        return run_request_transaction(super().dispatch_request)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handling and commands.

    The instance directory, a SQLite database and the generated secret are made (or kept)
    private to the server's user first (server.instance_files).
    """
    app = QuidFlask(__name__, instance_path=os.environ.get("QUID_INSTANCE_PATH") or None, instance_relative_config=True)
    make_private_directory(app.instance_path)
    app.config.update(build_config(app.instance_path, test_config))
    secure_instance(
        app.instance_path, database_url=app.config["SQLALCHEMY_DATABASE_URI"], secret_file_name=SECRET_FILE_NAME
    )
    app.json.sort_keys = False
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["tag"] = TagNameConverter
    if app.config["PROXY_COUNT"]:
        # The client's address (which sign-ins are throttled by) is then the one the
        # nearest trusted proxy saw, not the proxy's own.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"])

    from server import cli, database, docs_assets, models  # noqa: F401  (models registers every table)
    from server.auth import rate_limits
    from server.auth.callbacks import register_token_callbacks
    from server.extensions import api, db, jwt, migrate

    db.init_app(app)
    with app.app_context():
        database.check_idle_connections_before_use(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=MIGRATIONS_DIRECTORY, render_as_batch=True, compare_type=True)
    jwt.init_app(app)
    register_token_callbacks(jwt)
    api.init_app(app)
    api.register_converter(TagNameConverter, tag_name_parameter)
    rate_limits.init_app(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    for blueprint in models.blueprints():
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_assets.blueprint)
    app.before_request(refuse_oversized_body)
    app.after_request(database.finish_request_transaction)
    cli.register_commands(app)
    return app


def refuse_oversized_body() -> None:
    """413 for a body over the limit (the view's own, server.common.uploads, or
    MAX_CONTENT_LENGTH), whatever its content type and however it is sent.

    Werkzeug enforces MAX_CONTENT_LENGTH only when a view reads the body, and a body that is
    not declared as JSON is never read, so such a request would otherwise get a 422. A
    streamed body (chunked, no Content-Length) Werkzeug reads only up to the limit and hands
    on cut short, so one that reaches the limit is refused here rather than parsed in part.
    """
    limit, message = request_body_limit()
    # What Werkzeug's form parser allows (a photo upload's limit is above the app's).
    request.max_content_length = limit
    if (request.content_length or 0) > limit:
        raise too_large(message)
    if request.content_length is None and request.environ.get("wsgi.input_terminated"):
        if len(request.get_data(cache=True)) >= limit:
            raise too_large(message)


def too_large(message: str | None) -> RequestEntityTooLarge:
    """The 413 to raise; with the view's own `message` when it declared one (server.common.uploads)."""
    error = RequestEntityTooLarge()
    if message:
        error.description = message
    return error
