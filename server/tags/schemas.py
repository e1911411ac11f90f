"""Tag schemas."""

from marshmallow import fields, validate

from server.common.fields import TagName, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from shared.limits import TAG_MAX_LENGTH


class TagSchema(BaseSchema):
    name = fields.String()
    use_count = fields.Integer(metadata={"description": "Posts the caller can see that carry the tag."})


class TagQuerySchema(PageArgumentsSchema):
    q = TrimmedString(validate=validate.Length(max=TAG_MAX_LENGTH), metadata={"description": "Start of a tag name."})


class TagCreateSchema(BaseSchema):
    name = TagName(required=True)
