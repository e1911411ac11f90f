"""`/trades`: propose, list and read trades; accept, decline, cancel; deliver, confirm, lead outcome."""

from flask.views import MethodView

from server.common.access import auth_required, caller
from server.common.blueprint import Blueprint
from server.common.documentation import error_responses
from server.common.schemas import page_of
from server.idempotency.service import idempotent
from server.trades import service
from server.trades.schemas import DeliverSchema, OutcomeSchema, TradeCreateSchema, TradeQuerySchema, TradeSchema

blueprint = Blueprint(
    "trades",
    __name__,
    url_prefix="/api/v1/trades",
    description="Gives-and-gets: two promises with due dates, visible only to their two parties.",
)


@blueprint.route("")
class Trades(MethodView):
    @auth_required
    @blueprint.arguments(TradeQuerySchema, location="query")
    @blueprint.response(200, page_of(TradeSchema))
    @error_responses(422)
    def get(self, query):
        """The caller's trades, newest first; `role=counterparty` lists the asks made to them."""
        return service.list_trades(viewer=caller(), **query)

    @idempotent
    @auth_required
    @blueprint.arguments(TradeCreateSchema)
    @blueprint.response(201, TradeSchema)
    @error_responses(422)
    def post(self, data):
        """Propose a trade: what you offer, what you ask for, and by when."""
        return service.propose_trade(proposer=caller(), data=data)


@blueprint.route("/<int:trade_id>")
class TradeItem(MethodView):
    @auth_required
    @blueprint.response(200, TradeSchema)
    @error_responses(404)
    def get(self, trade_id):
        """A trade, if the caller is one of its two parties."""
        return service.get_trade(trade_id=trade_id, viewer=caller())


@blueprint.route("/<int:trade_id>/accept")
class AcceptTrade(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, TradeSchema)
    @error_responses(403, 404, 409)
    def post(self, trade_id):
        """Accept a trade proposed to you."""
        return service.accept_trade(trade_id=trade_id, user=caller())


@blueprint.route("/<int:trade_id>/decline")
class DeclineTrade(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, TradeSchema)
    @error_responses(403, 404, 409)
    def post(self, trade_id):
        """Decline a trade proposed to you."""
        return service.decline_trade(trade_id=trade_id, user=caller())


@blueprint.route("/<int:trade_id>/cancel")
class CancelTrade(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, TradeSchema)
    @error_responses(403, 404, 409)
    def post(self, trade_id):
        """Withdraw your proposal, or call off an accepted trade (breaking what you still owe)."""
        return service.cancel_trade(trade_id=trade_id, user=caller())


@blueprint.route("/<int:trade_id>/legs/<int:leg_id>/deliver")
class DeliverLeg(MethodView):
    @idempotent
    @auth_required
    @blueprint.arguments(DeliverSchema)
    @blueprint.response(200, TradeSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, trade_id, leg_id):
        """Deliver a leg you promised, with a note."""
        return service.deliver_leg(trade_id=trade_id, leg_id=leg_id, user=caller(), note=data["note"])


@blueprint.route("/<int:trade_id>/legs/<int:leg_id>/confirm")
class ConfirmLeg(MethodView):
    @idempotent
    @auth_required
    @blueprint.response(200, TradeSchema)
    @error_responses(403, 404, 409)
    def post(self, trade_id, leg_id):
        """Confirm a leg delivered to you."""
        return service.confirm_leg(trade_id=trade_id, leg_id=leg_id, user=caller())


@blueprint.route("/<int:trade_id>/legs/<int:leg_id>/outcome")
class LeadOutcome(MethodView):
    @idempotent
    @auth_required
    @blueprint.arguments(OutcomeSchema)
    @blueprint.response(200, TradeSchema)
    @error_responses(403, 404, 409, 422)
    def post(self, data, trade_id, leg_id):
        """Record what became of a lead delivered to you: open, won or lost."""
        return service.record_lead_outcome(trade_id=trade_id, leg_id=leg_id, user=caller(), outcome=data["outcome"])
