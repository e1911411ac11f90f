"""URL rules: ids in paths are whole numbers the database can hold, and tag names in paths
are tag names."""

from werkzeug.routing import BaseConverter, IntegerConverter

from shared.limits import ID_MAX, TAG_MAX_LENGTH, TAG_PATTERN


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number from 1 to ID_MAX (as the OpenAPI document says); 0
    or one above ID_MAX matches no route (404) instead of reaching the database, which
    cannot hold the latter."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=ID_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class TagNameConverter(BaseConverter):
    """`<tag:…>`: a tag's name as tags are written (`[a-z0-9-]{1,32}`); anything else matches no
    route (404), so no other text in that place reaches a query."""

    regex = TAG_PATTERN.removeprefix("^").removesuffix("$")


def tag_name_parameter(_converter) -> dict:
    """How the OpenAPI document describes a `<tag:…>` path parameter."""
    return {"type": "string", "pattern": TAG_PATTERN, "maxLength": TAG_MAX_LENGTH}
