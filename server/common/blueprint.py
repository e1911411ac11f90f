"""The Blueprint every Quid feature uses: flask-smorest's, with unknown query fields refused,
one instance of each arguments schema, and query strings loaded once where that is safe.

webargs ignores unknown query parameters by default; Quid refuses them like unknown body
fields, so a misspelt filter (`?tags=` for `?tag=`) is an error instead of an empty filter.
"""

import datetime
import decimal
import enum
import functools

import flask_smorest
import marshmallow
from flask import request
from webargs.flaskparser import FlaskParser

from server.common.lru import LeastRecentlyUsed

QUERY_LOCATIONS = frozenset({"query", "querystring"})
# Values a loaded query may hold for it to be handed to another request: a view cannot
# change them in place.
IMMUTABLE_VALUES = (str, int, float, bool, type(None), enum.Enum, datetime.date, datetime.time,
                    decimal.Decimal)
# Distinct (schema, query string) pairs a worker remembers; clients mostly repeat a few.
KEPT_QUERIES = 1024


def loads_from_query_string_alone(schema_class: type[marshmallow.Schema]) -> type[marshmallow.Schema]:
    """Mark a query arguments schema whose result depends on nothing but the query string.

    Its fields, defaults, validators and hooks read neither the database, the clock, the
    configuration nor the caller. A worker then loads each distinct query string once and
    hands later requests a copy, since marshmallow's loading costs about as much as the
    rest of a cached read.
    """
    schema_class.quid_loads_from_query_string_alone = True
    return schema_class


class QuidParser(FlaskParser):
    # None: defer to the schema's own policy, which BaseSchema sets to RAISE.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None,
                                   "querystring": None}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded_queries = LeastRecentlyUsed(KEPT_QUERIES)

    def _get_schema(self, argmap, req):
        # Views declare schema classes; one instance per class serves every request
        # (loading keeps no state on the schema) instead of a new one per request.
        if isinstance(argmap, type) and issubclass(argmap, marshmallow.Schema):
            return schema_instance(argmap)
        return super()._get_schema(argmap, req)

    def parse(self, argmap, req=None, *, location=None, **options):
        if (location not in QUERY_LOCATIONS or options.get("validate")
                or not getattr(argmap, "quid_loads_from_query_string_alone", False)):
            return super().parse(argmap, req, location=location, **options)
        key = (argmap, location, options.get("unknown"), (req or request).query_string)
        loaded = self.loaded_queries.get(key)
        if loaded is None:
            # A query that fails to load raises here, so only valid ones are kept.
            loaded = super().parse(argmap, req, location=location, **options)
            if not all(isinstance(value, IMMUTABLE_VALUES) for value in loaded.values()):
                return loaded
            self.loaded_queries.keep(key, loaded)
        # A copy: the view may add to or change its arguments.
        return dict(loaded)


@functools.cache
def schema_instance(schema_class: type[marshmallow.Schema]) -> marshmallow.Schema:
    """The shared instance of an arguments schema."""
    return schema_class()


class Blueprint(flask_smorest.Blueprint):
    """A feature's blueprint."""

    ARGUMENTS_PARSER = QuidParser()
