"""Base schemas: unknown fields are refused everywhere, and lists share one page shape."""

import marshmallow as ma
from marshmallow import fields, validate

from server.common.fields import CleanString, StrictBoolean
from shared.limits import PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT


class BaseSchema(ma.Schema):
    """Every Quid schema: a field the API does not know is an error, never ignored, and a
    boolean is only true or false (StrictBoolean), as the document says."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        if type(field_obj) is fields.Boolean:
            # Here rather than in each schema, so that no boolean of the API is missed.
            field_obj.__class__ = StrictBoolean


class PageArgumentsSchema(BaseSchema):
    """`?limit=&cursor=` of every list endpoint."""

    limit = fields.Integer(
        load_default=PAGE_DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=PAGE_MAX_LIMIT),
        metadata={"description": f"Items per page, 1–{PAGE_MAX_LIMIT}."},
    )
    cursor = CleanString(
        load_default=None,
        validate=validate.Length(max=200),
        metadata={"description": "The `next_cursor` of the previous page."},
    )


_page_schemas: dict[str, type[ma.Schema]] = {}
_items_schemas: dict[str, type[ma.Schema]] = {}


def items_of(item_schema: type[ma.Schema], *, name: str | None = None) -> type[ma.Schema]:
    """The `{items}` schema of a short list that has no pages (suggestions), made once."""
    name = name or item_schema.__name__.removesuffix("Schema") + "ListSchema"
    if name not in _items_schemas:
        _items_schemas[name] = type(
            name, (BaseSchema,), {"items": fields.List(fields.Nested(item_schema), required=True)}
        )
    return _items_schemas[name]


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The `{items, next_cursor}` schema for a list of `item_schema`, made once per item type."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _page_schemas:
        _page_schemas[name] = type(
            name,
            (BaseSchema,),
            {
                "items": fields.List(fields.Nested(item_schema), required=True),
                "next_cursor": fields.String(
                    allow_none=True,
                    metadata={"description": "Pass as `cursor` for the next page; null on the last."},
                ),
            },
        )
    return _page_schemas[name]
