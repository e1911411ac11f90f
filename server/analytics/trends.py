"""Trends: the main figures week by week or month by month, so a leader sees whether a
change (a new cross-division team, a campaign) moved them."""

from sqlalchemy import func, select

from server.analytics.brokers import exchange_graph, firm_size, overload
from server.analytics.flows import Flow, divisions, flow_matrix
from server.analytics.promises import broken_within
from server.analytics.white_space import status_of
from server.analytics.windows import Window
from server.common.clock import utcnow
from server.extensions import db
from server.trades.models import Trade, TradeLeg
from shared.analytics import FlowStatus


def step_figures(window: Window, *, division_ids: list[int], size: int) -> dict:
    """The figures of one step."""
    matrix = flow_matrix(window)
    firm = Flow()
    across = 0
    for (giver, receiver), flow in matrix.items():
        firm.merge(flow)
        if giver != receiver:
            across += flow.total
    statuses = {status.value: 0 for status in FlowStatus}
    for index, first in enumerate(division_ids):
        for second in division_ids[index + 1 :]:
            forward, backward = matrix.get((first, second)), matrix.get((second, first))
            statuses[status_of(forward.total if forward else 0, backward.total if backward else 0).value] += 1
    _, people, _ = exchange_graph(window)
    shares = overload(people, size)
    broken = db.session.execute(
        select(func.count())
        .select_from(TradeLeg)
        .join(Trade, Trade.id == TradeLeg.trade_id)
        .where(broken_within(window, utcnow()))
    ).scalar_one()
    return {
        "starts_on": window.starts_on,
        "ends_on": window.ends_on,
        "value_given": firm.total,
        "value_across": across,
        "share_across": round(across / firm.total, 4) if firm.total else None,
        "uses": firm.uses,
        "hours_saved": round(firm.hours_saved, 2),
        "deals_influenced": firm.deals_influenced,
        "accepted_answers": firm.accepted_answers,
        "legs_kept": sum(firm.legs.values()),
        "leads": dict(firm.leads),
        "broken_legs": broken,
        "white_space_pairs": statuses[FlowStatus.NONE.value],
        "one_way_pairs": statuses[FlowStatus.ONE_WAY.value],
        "two_way_pairs": statuses[FlowStatus.BOTH_WAYS.value],
        "ties_share_of_top_tie_holders": shares["ties_share_of_top_tie_holders"],
        "value_share_of_top_givers": shares["value_share_of_top_givers"],
    }


def trends(windows: list[Window]) -> list[dict]:
    """The figures of each step, oldest first."""
    division_ids = [division.id for division in divisions()]
    size = firm_size()
    return [step_figures(window, division_ids=division_ids, size=size) for window in windows]
