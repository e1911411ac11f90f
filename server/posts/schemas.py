"""Post schemas: what a client may send, and the post as the API shows it."""

from datetime import timedelta

from marshmallow import ValidationError, fields, validate, validates_schema

from server.attachments.schemas import AttachmentListField, attachment_ids_field
from server.common.clock import utcnow
from server.common.fields import CalendarDate, CleanString, EntityId, TagList, TagName, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.freshness.schemas import FreshnessSchema
from server.users.schemas import UserSummarySchema
from shared.enums import Audience, ChallengeStatus, PostKind
from shared.limits import (
    ACCOUNT_MAX_LENGTH,
    BODY_MAX_LENGTH,
    MAX_ATTACHMENTS,
    MAX_TAGS_PER_POST,
    RELATED_TEXT_MAX_LENGTH,
    SEARCH_QUERY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
)

KINDS = [kind.value for kind in PostKind]
AUDIENCES = [audience.value for audience in Audience]
STATUSES = [status.value for status in ChallengeStatus]


def tags_field():
    return TagList(maximum=MAX_TAGS_PER_POST)


def check_needed_by(data: dict, kind: str | None) -> None:
    """`needed_by` belongs to challenges and may not lie in the past."""
    needed_by = data.get("needed_by")
    if needed_by is None:
        return
    if kind == PostKind.INSIGHT.value:
        raise ValidationError("Only challenges have a needed-by date.", "needed_by")
    # A day of slack: the phone's "today" may be the server's yesterday.
    if needed_by < (utcnow() - timedelta(days=1)).date():
        raise ValidationError("The needed-by date is in the past.", "needed_by")


class PostCreateSchema(BaseSchema):
    """A new challenge or insight."""

    kind = CleanString(required=True, validate=validate.OneOf(KINDS))
    title = TrimmedString(required=True, validate=validate.Length(min=TITLE_MIN_LENGTH, max=TITLE_MAX_LENGTH))
    body = CleanString(required=True, validate=validate.Length(min=1, max=BODY_MAX_LENGTH))
    tags = tags_field()
    account = TrimmedString(
        allow_none=True,
        validate=validate.Length(max=ACCOUNT_MAX_LENGTH),
        metadata={"description": "The customer the post concerns."},
    )
    audience = CleanString(load_default=Audience.FIRM.value, validate=validate.OneOf(AUDIENCES))
    needed_by = CalendarDate(allow_none=True)
    attachment_ids = attachment_ids_field()

    @validates_schema
    def check_dates(self, data, **kwargs):
        check_needed_by(data, data.get("kind"))


class PostUpdateSchema(BaseSchema):
    """An edit by the author (or an admin). `status` closes or reopens a challenge."""

    title = TrimmedString(validate=validate.Length(min=TITLE_MIN_LENGTH, max=TITLE_MAX_LENGTH))
    body = CleanString(validate=validate.Length(min=1, max=BODY_MAX_LENGTH))
    tags = tags_field()
    account = TrimmedString(allow_none=True, validate=validate.Length(max=ACCOUNT_MAX_LENGTH))
    audience = CleanString(validate=validate.OneOf(AUDIENCES))
    needed_by = CalendarDate(allow_none=True)
    status = CleanString(
        validate=validate.OneOf([ChallengeStatus.CLOSED.value, ChallengeStatus.OPEN.value]),
        metadata={"description": "`closed` closes a challenge; `open` reopens it."},
    )
    attachment_ids = attachment_ids_field(
        f"The post's photos from now on (up to {MAX_ATTACHMENTS}), in order: those it has that are left "
        "out are deleted; new ones are the editor's own from POST /attachments."
    )

    @validates_schema
    def check_dates(self, data, **kwargs):
        check_needed_by(data, None)


class PostQuerySchema(PageArgumentsSchema):
    """Filters of the feed."""

    kind = CleanString(validate=validate.OneOf(KINDS))
    tag = TagName()
    status = CleanString(validate=validate.OneOf(STATUSES))
    account = TrimmedString(validate=validate.Length(min=1, max=ACCOUNT_MAX_LENGTH))
    author = EntityId(strict=False, metadata={"description": "Author's user id."})
    q = TrimmedString(
        validate=validate.Length(min=1, max=SEARCH_QUERY_MAX_LENGTH),
        metadata={"description": "Words in the title or body."},
    )
    retired = fields.Boolean(
        load_default=False,
        metadata={"description": "Only retired insights (kept as history); without it the feed leaves them out."},
    )
    for_you = fields.Boolean(
        metadata={
            "description": "Only what is for the caller: others' unsolved challenges tagged with the "
            "caller's expertise or the tags of the caller's own posts, and others' insights."
        }
    )


class RelatedQuerySchema(BaseSchema):
    """A draft: what kind of post it will be, and its words so far."""

    kind = CleanString(
        required=True,
        validate=validate.OneOf(KINDS),
        metadata={
            "description": "challenge: find insights and solved challenges like it; "
            "insight: open challenges it may answer."
        },
    )
    title = TrimmedString(load_default="", validate=validate.Length(max=TITLE_MAX_LENGTH))
    body = CleanString(
        load_default="",
        validate=validate.Length(max=RELATED_TEXT_MAX_LENGTH),
        metadata={"description": f"The first {RELATED_TEXT_MAX_LENGTH:,} characters of the body are enough."},
    )


class ViewerStateSchema(BaseSchema):
    """What the caller has done with a post or answer."""

    used = fields.Boolean()
    found_helpful = fields.Boolean()
    can_edit = fields.Boolean()


class PostSchema(BaseSchema):
    """A post as the API shows it."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    tags = fields.Function(lambda post: post.tag_names)
    account = fields.String(allow_none=True)
    audience = fields.String()
    needed_by = fields.Date(allow_none=True)
    status = fields.String(allow_none=True, metadata={"description": "Challenges only."})
    author = fields.Nested(UserSummarySchema)
    answer_count = fields.Integer()
    helpful_count = fields.Integer()
    use_count = fields.Integer()
    accepted_answer_id = fields.Integer(allow_none=True)
    duplicate_of_id = fields.Integer(
        allow_none=True,
        attribute="visible_duplicate_of_id",
        metadata={"description": "The challenge this one repeats; null when the caller may not see that one."},
    )
    viewer = fields.Nested(ViewerStateSchema)
    attachments = AttachmentListField(metadata={"description": "The post's photos, in order."})
    freshness = fields.Nested(
        FreshnessSchema,
        allow_none=True,
        metadata={"description": "Insights only (null for a challenge): verified, may be out of date, retired."},
    )
    hidden_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "Set while an admin keeps it hidden; then only its author and admins see it."},
    )
    hidden_reason = fields.String(allow_none=True, metadata={"description": "Why an admin hid it."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class DuplicateSchema(BaseSchema):
    """Which challenge this one repeats."""

    of = EntityId(required=True, metadata={"description": "The id of the original challenge."})
