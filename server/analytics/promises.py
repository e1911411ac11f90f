"""Promises: legs overdue now and broken in the window, per promiser's division; each
division's average trust; the people with the most overdue promises to others.

The clock (server/trades/clock.py) writes overdue and broken when it runs; these figures
read the due times directly, as trust does, so they are right between two runs.
"""

from sqlalchemy import and_, case, func, or_, select

from server.analytics.exchanges import within
from server.analytics.flows import divisions
from server.analytics.windows import Window
from server.common.clock import utcnow
from server.extensions import db
from server.trades.models import Trade, TradeLeg
from server.trust.service import trust_of_many
from server.users.models import User
from shared.trades import BROKEN_AFTER_OVERDUE, OWED_LEG_STATES, LegState, TradeState


def owed_and_due_before(moment):
    """A leg of an accepted trade still owed and due before `moment`."""
    return and_(
        TradeLeg.state.in_([state.value for state in OWED_LEG_STATES]),
        Trade.state == TradeState.ACCEPTED.value,
        TradeLeg.due.is_not(None),
        TradeLeg.due < moment,
    )


def overdue_now(now):
    """Owed past its due time and not yet broken by the clock."""
    return and_(owed_and_due_before(now), TradeLeg.due > now - BROKEN_AFTER_OVERDUE)


def broken_within(window: Window, now):
    """Broken in `window`: written broken then, or owed so long that the clock breaks it then."""
    clock_broken = [owed_and_due_before(now - BROKEN_AFTER_OVERDUE)]
    if window.starts_at is not None:
        clock_broken.append(TradeLeg.due >= window.starts_at - BROKEN_AFTER_OVERDUE)
    if window.ends_at is not None:
        clock_broken.append(TradeLeg.due < window.ends_at - BROKEN_AFTER_OVERDUE)
    return or_(and_(TradeLeg.state == LegState.BROKEN.value, *within(TradeLeg.broken_at, window)), and_(*clock_broken))


def kept_within(window: Window, on_time: bool):
    return and_(
        TradeLeg.state == LegState.CONFIRMED.value,
        TradeLeg.on_time.is_(on_time),
        *within(TradeLeg.confirmed_at, window),
    )


def promises(window: Window, *, limit: int) -> dict:
    """Per division: legs overdue now, broken in the window, kept on time and late in it, and
    the average trust of its people who have settled a promise; and the people with the
    most overdue promises to others."""
    now = utcnow()
    everyone = divisions()
    counted = {
        "overdue": overdue_now(now),
        "broken": broken_within(window, now),
        "kept_on_time": kept_within(window, True),
        "kept_late": kept_within(window, False),
    }
    rows = db.session.execute(
        select(User.division_id, *(func.sum(case((condition, 1), else_=0)) for condition in counted.values()))
        .select_from(TradeLeg)
        .join(Trade, Trade.id == TradeLeg.trade_id)
        .join(User, User.id == TradeLeg.promiser_id)
        .group_by(User.division_id)
    ).all()
    by_division = {row[0]: dict(zip(counted, (int(value or 0) for value in row[1:]))) for row in rows}
    trust = average_trust()
    division_figures = [
        {
            "division_id": division.id,
            **by_division.get(division.id, dict.fromkeys(counted, 0)),
            "average_trust": trust.get(division.id, (None, 0))[0],
            "people_with_trust": trust.get(division.id, (None, 0))[1],
        }
        for division in everyone
    ]
    late_people = db.session.execute(
        select(TradeLeg.promiser_id, func.count(), func.min(TradeLeg.due))
        .join(Trade, Trade.id == TradeLeg.trade_id)
        .where(overdue_now(now))
        .group_by(TradeLeg.promiser_id)
        .order_by(func.count().desc(), func.min(TradeLeg.due), TradeLeg.promiser_id)
        .limit(limit)
    ).all()
    return {
        "divisions": everyone,
        "division_figures": division_figures,
        "totals": {name: sum(figures[name] for figures in division_figures) for name in counted},
        "most_overdue": [
            {"user_id": user_id, "overdue": int(count), "oldest_due": oldest} for user_id, count, oldest in late_people
        ],
    }


def average_trust() -> dict[int, tuple[float, int]]:
    """Per division, the average trust of its people who have settled at least one promise,
    and how many they are (everyone else is unknown, not average)."""
    settled = or_(
        TradeLeg.state.in_([LegState.CONFIRMED.value, LegState.BROKEN.value]),
        owed_and_due_before(utcnow() - BROKEN_AFTER_OVERDUE),
    )
    promisers = db.session.execute(
        select(TradeLeg.promiser_id, User.division_id)
        .distinct()
        .join(Trade, Trade.id == TradeLeg.trade_id)
        .join(User, User.id == TradeLeg.promiser_id)
        .where(settled)
    ).all()
    standings = trust_of_many(user_ids=[user_id for user_id, _ in promisers])
    scores: dict[int, list[float]] = {}
    for user_id, division_id in promisers:
        scores.setdefault(division_id, []).append(standings[user_id].score)
    return {division_id: (round(sum(values) / len(values), 4), len(values)) for division_id, values in scores.items()}
