"""The Blueprint every Quid feature uses: flask-smorest's, with unknown query fields refused
and one instance of each arguments schema.

webargs ignores unknown query parameters by default; Quid refuses them like unknown body
fields, so a misspelt filter (`?tags=` for `?tag=`) is an error instead of an empty filter.
"""

import functools

import flask_smorest
import marshmallow
from webargs.flaskparser import FlaskParser


class QuidParser(FlaskParser):
    # None: defer to the schema's own policy, which BaseSchema sets to RAISE.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None,
                                   "querystring": None}

    def _get_schema(self, argmap, req):
        # Views declare schema classes; one instance per class serves every request
        # (loading keeps no state on the schema) instead of a new one per request.
        if isinstance(argmap, type) and issubclass(argmap, marshmallow.Schema):
            return schema_instance(argmap)
        return super()._get_schema(argmap, req)


@functools.cache
def schema_instance(schema_class: type[marshmallow.Schema]) -> marshmallow.Schema:
    """The shared instance of an arguments schema."""
    return schema_class()


class Blueprint(flask_smorest.Blueprint):
    """A feature's blueprint."""

    ARGUMENTS_PARSER = QuidParser()
