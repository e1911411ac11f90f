"""`/analytics/...`: leaders' and admins' figures, as JSON or (`?format=csv`) as an attachment."""

from flask.views import MethodView

from server.analytics import csv_export, service
from server.analytics.schemas import (
    BrokersSchema,
    FlowsSchema,
    ListedQuerySchema,
    PromisesSchema,
    TrendsQuerySchema,
    TrendsSchema,
    WhiteSpaceSchema,
    WindowQuerySchema,
)
from server.common.access import caller, roles_required
from server.common.blueprint import Blueprint
from server.common.clock import utcnow
from server.common.documentation import error_responses
from server.common.firm_time import firm_day
from server.experts.schemas import ExpertiseGapsSchema, FormatQuerySchema
from server.experts.service import expertise_gaps
from shared.analytics import AnalyticsFormat
from shared.enums import Role

blueprint = Blueprint(
    "analytics",
    __name__,
    url_prefix="/api/v1/analytics",
    description="Leaders' analytics: value flows, white space, brokers, promises and trends.",
)

# `?format=csv`: the same 200, as a spreadsheet attachment.
also_csv = blueprint.alt_response(
    200,
    schema={"type": "string"},
    content_type="text/csv",
    success=True,
    description=(
        "The figures as JSON; with ?format=csv, as a CSV attachment with one row per "
        "cell, pair, person, division or step."
    ),
)


def answer(query: dict, figures, attachment):
    """The figures as JSON, or as CSV when the query asks for it."""
    if query["format"] == AnalyticsFormat.CSV:
        return attachment(query=query)
    return figures(query=query)


@blueprint.route("/flows")
class Flows(MethodView):
    @roles_required(Role.LEADER, Role.ADMIN)
    @blueprint.arguments(WindowQuerySchema, location="query")
    @blueprint.response(200, FlowsSchema)
    @also_csv
    @error_responses(422)
    def get(self, query):
        """Value given between divisions: uses (with hours saved and deals influenced), accepted
        answers, kept legs by kind and leads by outcome, from the giver's division to the
        receiver's, with totals per division and per kind."""
        return answer(query, service.flows, service.flows_csv)


@blueprint.route("/white-space")
class WhiteSpace(MethodView):
    @roles_required(Role.LEADER, Role.ADMIN)
    @blueprint.arguments(WindowQuerySchema, location="query")
    @blueprint.response(200, WhiteSpaceSchema)
    @also_csv
    @error_responses(422)
    def get(self, query):
        """Division pairs with no value either way, with value one way only, and how each moved
        against the previous window of the same length."""
        return answer(query, service.white_space, service.white_space_csv)


@blueprint.route("/brokers")
class Brokers(MethodView):
    @roles_required(Role.LEADER, Role.ADMIN)
    @blueprint.arguments(ListedQuerySchema, location="query")
    @blueprint.response(200, BrokersSchema)
    @also_csv
    @error_responses(422)
    def get(self, query):
        """People by brokerage over the exchange graph (betweenness, Burt's constraint, other
        divisions reached), the overload shares, and reciprocity: one-sided takers,
        overloaded givers and each division pair's balance."""
        return answer(query, service.brokers, service.brokers_csv)


@blueprint.route("/promises")
class Promises(MethodView):
    @roles_required(Role.LEADER, Role.ADMIN)
    @blueprint.arguments(ListedQuerySchema, location="query")
    @blueprint.response(200, PromisesSchema)
    @also_csv
    @error_responses(422)
    def get(self, query):
        """Legs overdue now and broken in the window by division, each division's average
        trust, and the people with the most overdue promises to others."""
        return answer(query, service.promises, service.promises_csv)


@blueprint.route("/trends")
class Trends(MethodView):
    @roles_required(Role.LEADER, Role.ADMIN)
    @blueprint.arguments(TrendsQuerySchema, location="query")
    @blueprint.response(200, TrendsSchema)
    @also_csv
    @error_responses(422)
    def get(self, query):
        """The main figures week by week or month by month (the last 12 unless a range is given)."""
        return answer(query, service.trends, service.trends_csv)


@blueprint.route("/expertise-gaps")
class ExpertiseGaps(MethodView):
    @roles_required(Role.LEADER, Role.ADMIN)
    @blueprint.arguments(FormatQuerySchema, location="query")
    @blueprint.response(200, ExpertiseGapsSchema)
    @also_csv
    @error_responses(422)
    def get(self, query):
        """Topics with unsolved challenges and nobody with evidence on them: no accepted or used
        answer, no used insight, nobody listing it as expertise. Challenges are counted whoever
        may see them; only tags listed to the caller are named."""
        gaps = expertise_gaps(viewer=caller())
        if query["format"] == AnalyticsFormat.CSV:
            return csv_export.attachment(
                name="expertise-gaps",
                window_label=firm_day(utcnow()).isoformat(),
                header=["tag", "unsolved_challenges"],
                rows=([gap["tag"], gap["unsolved_challenges"]] for gap in gaps),
            )
        return {"items": gaps}
