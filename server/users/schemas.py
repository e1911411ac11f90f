"""User and profile schemas. Nothing here lets a client set role, reputation or timestamps."""

from marshmallow import fields, validate

from server.common.fields import EntityId, TagList, TrimmedString
from server.common.schemas import BaseSchema, PageArgumentsSchema
from server.divisions.schemas import DivisionSchema
from shared.limits import (
    DISPLAY_NAME_MAX_LENGTH,
    DISPLAY_NAME_MIN_LENGTH,
    JOB_TITLE_MAX_LENGTH,
    MAX_EXPERTISE_TAGS,
    SEARCH_QUERY_MAX_LENGTH,
)


class BreadthSchema(BaseSchema):
    people = fields.Integer()
    divisions = fields.Integer()
    days = fields.Integer()


class LevelSchema(BaseSchema):
    number = fields.Integer()
    name = fields.String()
    progress = fields.Float(metadata={"description": "0.0–1.0 of the way to the next level."})
    next_at = fields.Integer(
        allow_none=True, metadata={"description": "Reputation of the next level; null at the top."}
    )
    next_breadth = fields.Nested(
        BreadthSchema,
        allow_none=True,
        metadata={
            "description": "What the next level asks for besides points: points from this many people, "
            "in this many divisions, on this many days; null when points alone reach it."
        },
    )
    breadth = fields.Nested(
        BreadthSchema,
        allow_none=True,
        metadata={"description": "How widely this person's points were earned so far (given with next_breadth)."},
    )


class TrustSchema(BaseSchema):
    score = fields.Float()
    band = fields.String(metadata={"description": "new, reliable, mixed or unreliable"})
    settled = fields.Integer(
        metadata={"description": "Settled legs as promiser: kept (confirmed by their receiver) or broken."}
    )
    counted = fields.Float(
        metadata={
            "description": "How much of them counted as evidence: repeated promises to the same person, "
            "and promises to colleagues not yet established, count for less or nothing."
        }
    )
    on_time = fields.Integer(metadata={"description": "Of the settled legs, those kept by their due time."})


class BadgeSchema(BaseSchema):
    slug = fields.String()
    name = fields.String()
    description = fields.String()
    awarded_at = fields.DateTime(
        metadata={
            "description": "When it was awarded; to others than the person and admins, the first moment of "
            "that day in the firm's time zone (trade badges are earned by both partners at once, "
            "so the exact moment would tell who traded with whom)."
        }
    )


class UserSummarySchema(BaseSchema):
    """A person as shown beside their content."""

    id = fields.Integer()
    display_name = fields.String()
    title = fields.String(allow_none=True)
    division = fields.Nested(DivisionSchema)
    level = fields.Function(lambda user: user_level_number(user))


class ProfileSchema(BaseSchema):
    """A person's public profile."""

    id = fields.Integer()
    display_name = fields.String()
    title = fields.String(allow_none=True)
    division = fields.Nested(DivisionSchema)
    role = fields.String()
    reputation = fields.Integer()
    level = fields.Nested(LevelSchema)
    badges = fields.List(fields.Nested(BadgeSchema))
    trust = fields.Nested(TrustSchema)
    expertise = fields.List(
        fields.String(),
        metadata={"description": "Tags the person knows about, of those listed to the caller (GET /tags)."},
    )
    created_at = fields.DateTime()


class MeSchema(ProfileSchema):
    """The caller's own profile, with what only they see."""

    email = fields.String()
    started = fields.Boolean(
        metadata={
            "description": "Whether the person has begun: chosen expertise, or posted, answered, used or "
            "voted helpful on something, proposed a trade or answered one. The app welcomes someone "
            "who has not (and remembers on the phone a welcome they skipped)."
        }
    )


class MeUpdateSchema(BaseSchema):
    """What a person may change about themselves."""

    display_name = TrimmedString(validate=validate.Length(min=DISPLAY_NAME_MIN_LENGTH, max=DISPLAY_NAME_MAX_LENGTH))
    title = TrimmedString(allow_none=True, validate=validate.Length(max=JOB_TITLE_MAX_LENGTH))
    expertise = TagList(maximum=MAX_EXPERTISE_TAGS)


class UserQuerySchema(PageArgumentsSchema):
    q = TrimmedString(
        validate=validate.Length(max=SEARCH_QUERY_MAX_LENGTH), metadata={"description": "Part of a display name."}
    )
    division = EntityId(strict=False, metadata={"description": "Division id."})


def user_level_number(user) -> int:
    """The user's level (materialised with their reputation)."""
    return user.level
