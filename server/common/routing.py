"""URL rules: ids in paths are whole numbers the database can hold."""

from werkzeug.routing import IntegerConverter

from shared.limits import ID_MAX


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number from 1 to ID_MAX (as the OpenAPI document says); 0
    or one above ID_MAX matches no route (404) instead of reaching the database, which
    cannot hold the latter."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=ID_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
