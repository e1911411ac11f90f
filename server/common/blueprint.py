"""The Blueprint every Quid feature uses: flask-smorest's, with unknown query fields refused, and
bodies and query strings read by server.common.request_text (bytes that are not UTF-8 are
refused by the field that holds them, deep JSON before it is parsed).

webargs ignores unknown query parameters by default; Quid refuses them like unknown body
fields, so a misspelt filter (`?tags=` for `?tag=`) is an error instead of an empty filter.
"""

import flask_smorest
from flask_smorest import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from server.common.fields import reading_query_string
from server.common.request_text import TooDeeplyNested, load_json, url_encoded_pairs

QUERY_LOCATIONS = frozenset({"query", "querystring"})


class QuidParser(FlaskParser):
    # None: defer to the schema's own policy, which BaseSchema sets to RAISE.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            return load_json(req.get_data(cache=True))
        except TooDeeplyNested as error:
            abort(400, message=f"Invalid input: json: {str(error).rstrip('.')}.", errors={"json": [str(error)]})

    def load_querystring(self, req, schema):
        return self._makeproxy(url_encoded_pairs(req.query_string), schema)

    def load_form(self, req, schema):
        if req.mimetype != "application/x-www-form-urlencoded":
            return super().load_form(req, schema)
        return self._makeproxy(url_encoded_pairs(req.get_data(cache=True)), schema)

    def parse(self, argmap, req=None, *, location=None, **options):
        if location not in QUERY_LOCATIONS:
            return super().parse(argmap, req, location=location, **options)
        # Query values are text: a boolean there is written `true` or `false`.
        token = reading_query_string.set(True)
        try:
            return super().parse(argmap, req, location=location, **options)
        finally:
            reading_query_string.reset(token)


class Blueprint(flask_smorest.Blueprint):
    """A feature's blueprint."""

    ARGUMENTS_PARSER = QuidParser()
