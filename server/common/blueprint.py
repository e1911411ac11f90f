"""The Blueprint every Quid feature uses: flask-smorest's, with unknown query fields refused,
one instance of each arguments schema, query strings loaded once where that is safe, and
bodies and query strings read by server.common.request_text (bytes that are not UTF-8 are
refused by the field that holds them, deep JSON before it is parsed).

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
from flask_smorest import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from server.common.fields import reading_query_string
from server.common.lru import LeastRecentlyUsed
from server.common.request_text import TooDeeplyNested, load_json, url_encoded_pairs

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

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            return load_json(req.get_data(cache=True))
        except TooDeeplyNested as error:
            abort(400, message=f"Invalid input: json: {str(error).rstrip('.')}.",
                  errors={"json": [str(error)]})

    def load_querystring(self, req, schema):
        return self._makeproxy(url_encoded_pairs(req.query_string), schema)

    def load_form(self, req, schema):
        if req.mimetype != "application/x-www-form-urlencoded":
            return super().load_form(req, schema)
        return self._makeproxy(url_encoded_pairs(req.get_data(cache=True)), schema)

    def _get_schema(self, argmap, req):
        # Views declare schema classes; one instance per class serves every request
        # (loading keeps no state on the schema) instead of a new one per request.
        if isinstance(argmap, type) and issubclass(argmap, marshmallow.Schema):
            return schema_instance(argmap)
        return super()._get_schema(argmap, req)

    def parse(self, argmap, req=None, *, location=None, **options):
        if location not in QUERY_LOCATIONS:
            return super().parse(argmap, req, location=location, **options)
        # Query values are text: a boolean there is written `true` or `false`.
        token = reading_query_string.set(True)
        try:
            return self.parse_query(argmap, req, location=location, **options)
        finally:
            reading_query_string.reset(token)

    def parse_query(self, argmap, req=None, *, location=None, **options):
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
