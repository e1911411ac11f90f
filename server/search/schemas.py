"""The search request and its results."""

from marshmallow import fields, validate

from server.common.fields import CalendarDate, CleanString, EntityId, TagName, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.posts.schemas import KINDS, STATUSES, PostSchema
from server.users.schemas import UserSummarySchema
from shared.limits import ACCOUNT_MAX_LENGTH, SEARCH_QUERY_MAX_LENGTH

RESULT_TYPES = ["post", "answer"]


class SearchQuerySchema(PageArgumentsSchema):
    """`?q=` and the filters."""

    q = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=SEARCH_QUERY_MAX_LENGTH),
        metadata={
            "description": 'Words (each must appear; "price" finds "pricing"; the last also as a prefix), '
            '"quoted phrases", -left-out words and OR between two terms.'
        },
    )
    type = CleanString(validate=validate.OneOf(RESULT_TYPES), metadata={"description": "Only posts or only answers."})
    kind = CleanString(validate=validate.OneOf(KINDS), metadata={"description": "Of the post (or answered post)."})
    status = CleanString(validate=validate.OneOf(STATUSES))
    tag = TagName()
    account = TrimmedString(validate=validate.Length(min=1, max=ACCOUNT_MAX_LENGTH))
    author = EntityId(strict=False, metadata={"description": "Who wrote the post or answer (user id)."})
    since = CalendarDate(metadata={"description": "Written on or after this day (firm time zone)."})
    until = CalendarDate(metadata={"description": "Written before the end of this day (firm time zone)."})


class SegmentSchema(BaseSchema):
    """A piece of text, and whether it is a word that matched."""

    text = fields.String(required=True)
    match = fields.Boolean(required=True)


class AnswerResultSchema(BaseSchema):
    """The answer a result is."""

    id = fields.Integer()
    author = fields.Nested(UserSummarySchema)
    accepted = fields.Function(lambda answer: answer.accepted_at is not None)
    created_at = fields.DateTime()


class SearchResultSchema(BaseSchema):
    """A post, or an answer with the post it answers; the title and a snippet with the
    matching words marked (show `text` escaped, and `match` segments highlighted)."""

    type = fields.String(metadata={"description": "`post` or `answer`."})
    post = fields.Nested(PostSchema)
    answer = fields.Nested(AnswerResultSchema, allow_none=True)
    title = fields.List(fields.Nested(SegmentSchema))
    snippet = fields.List(fields.Nested(SegmentSchema))
