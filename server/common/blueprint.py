"""The Blueprint every Quid feature uses: flask-smorest's, with unknown query fields refused.

webargs ignores unknown query parameters by default; Quid refuses them like unknown body
fields, so a misspelt filter (`?tags=` for `?tag=`) is an error instead of an empty filter.
"""

import flask_smorest
from webargs.flaskparser import FlaskParser


class QuidParser(FlaskParser):
    # None: defer to the schema's own policy, which BaseSchema sets to RAISE.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None,
                                   "querystring": None}


class Blueprint(flask_smorest.Blueprint):
    """A feature's blueprint."""

    ARGUMENTS_PARSER = QuidParser()
