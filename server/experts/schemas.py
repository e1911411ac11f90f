"""Expert suggestions, asks, a topic's page and the topics nobody can answer."""

from marshmallow import fields

from server.common.schemas import BaseSchema, items_of
from server.posts.schemas import PostSchema
from server.users.schemas import UserSummarySchema
from shared.analytics import AnalyticsFormat


class ExpertSchema(BaseSchema):
    """Someone likely to answer, and why."""

    user = fields.Nested(UserSummarySchema)
    score = fields.Float(metadata={"description": "Weighted evidence, halved for each sign of overload."})
    reason = fields.String(metadata={"description": 'The evidence in words: "3 accepted answers on #pricing; …".'})
    reasons = fields.List(fields.String())
    open_asks = fields.Integer(
        metadata={"description": "Challenges they were asked to answer in the last 30 days and have not answered yet."}
    )
    asked = fields.Boolean(metadata={"description": "Whether the caller has asked them about this challenge."})


ExpertsSchema = items_of(ExpertSchema)


class AskSchema(BaseSchema):
    """An ask sent."""

    post_id = fields.Integer()
    expert = fields.Nested(UserSummarySchema)
    created_at = fields.DateTime()


class TopicSchema(BaseSchema):
    """A topic: who knows it, what is open on it, and its most used insights."""

    name = fields.String()
    experts = fields.List(fields.Nested(ExpertSchema))
    open_challenges = fields.List(fields.Nested(PostSchema))
    best_insights = fields.List(fields.Nested(PostSchema))


class ExpertiseGapSchema(BaseSchema):
    tag = fields.String()
    unsolved_challenges = fields.Integer(metadata={"description": "Counted whoever may see them."})


ExpertiseGapsSchema = items_of(ExpertiseGapSchema)


class FormatQuerySchema(BaseSchema):
    format = fields.Enum(
        AnalyticsFormat,
        by_value=True,
        load_default=AnalyticsFormat.JSON,
        metadata={"description": "csv: the same as a spreadsheet attachment, one row per tag."},
    )
