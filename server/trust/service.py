"""Trust scores and circles, read from the trade legs.

Trust counts a person's settled legs as promiser: kept (delivered and confirmed by their
receiver, on time or late, each by its weight: shared/trust.py) or broken.
A leg that the clock has broken counts as broken here even before the sweep or a read has
written it, so profiles are right whenever they are asked.

A circle is everyone a person completed at least one trade with. Completed trades are
permanent, so circles only grow.
"""

import functools
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, func, or_, select, union

from server.common.clock import utcnow
from server.extensions import db
from server.trades.models import Trade, TradeLeg
from server.users.models import User
from shared.trades import BROKEN_AFTER_OVERDUE, OWED_LEG_STATES, LegState, TradeState
from shared.trust import TrustStanding, trust_for


def trust_of_many(*, user_ids) -> dict[int, TrustStanding]:
    """Trust of each of `user_ids` (one query, however many)."""
    return {user_id: standing_of(legs) for user_id, legs in settled_legs(user_ids=user_ids).items()}


def standing_of(legs: "SettledLegs") -> TrustStanding:
    return trust_for(
        on_time=legs.on_time_weight,
        late=legs.late_weight,
        broken=legs.broken,
        settled=legs.on_time + legs.late + legs.broken,
        kept_on_time=legs.on_time,
    )


@dataclass(frozen=True)
class SettledLegs:
    """A person's settled legs as promiser: kept (confirmed by their receiver) on time or late,
    with the weight those counted for, and broken."""

    on_time: int = 0
    late: int = 0
    broken: int = 0
    on_time_weight: float = 0.0
    late_weight: float = 0.0


def settled_legs(*, user_ids) -> dict[int, SettledLegs]:
    """The settled legs as promiser of each of `user_ids`."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    rows = db.session.execute(
        settled_legs_statement(), {"user_ids": sorted(user_ids), "broken_by": utcnow() - BROKEN_AFTER_OVERDUE}
    ).all()
    counts = {
        row[0]: SettledLegs(*(int(value or 0) for value in row[1:4]), *(float(value or 0) for value in row[4:]))
        for row in rows
    }
    return {user_id: counts.get(user_id, SettledLegs()) for user_id in user_ids}


@functools.cache
def settled_legs_statement():
    """The settled-legs count, built once: every profile and /me runs it, and building it
    cost more than running it."""
    kept = TradeLeg.state == LegState.CONFIRMED.value
    broken = or_(
        TradeLeg.state == LegState.BROKEN.value,
        and_(
            TradeLeg.state.in_([state.value for state in OWED_LEG_STATES]),
            Trade.state == TradeState.ACCEPTED.value,
            TradeLeg.due <= bindparam("broken_by"),
        ),
    )
    kept_on_time, kept_late = and_(kept, TradeLeg.on_time.is_(True)), and_(kept, TradeLeg.on_time.is_(False))
    # Legs confirmed before weights were kept counted in full.
    weight = func.coalesce(TradeLeg.weight, 1.0)
    return (
        select(
            TradeLeg.promiser_id,
            func.sum(case((kept_on_time, 1), else_=0)),
            func.sum(case((kept_late, 1), else_=0)),
            func.sum(case((broken, 1), else_=0)),
            func.sum(case((kept_on_time, weight), else_=0.0)),
            func.sum(case((kept_late, weight), else_=0.0)),
        )
        .join(Trade, Trade.id == TradeLeg.trade_id)
        .where(TradeLeg.promiser_id.in_(bindparam("user_ids", expanding=True)))
        .group_by(TradeLeg.promiser_id)
    )


def trust_of(*, user_id: int) -> TrustStanding:
    """Trust of one person."""
    return trust_of_many(user_ids=[user_id])[user_id]


def trust_details(*, user_id: int) -> dict:
    """Trust with what it is made of, and the size of the person's circle."""
    legs = settled_legs(user_ids=[user_id])[user_id]
    standing = standing_of(legs)
    return {
        "user_id": user_id,
        "score": standing.score,
        "band": standing.band,
        "settled": standing.settled,
        "counted": standing.counted,
        "on_time": legs.on_time,
        "late": legs.late,
        "broken": legs.broken,
        "circle_size": circle_size(user_id=user_id),
    }


def circle_member_ids(*, user_id):
    """A select of the ids of everyone `user_id` completed a trade with (usable in queries)."""
    completed = Trade.state == TradeState.COMPLETED.value
    return union(
        select(Trade.counterparty_id.label("member_id")).where(completed, Trade.proposer_id == user_id),
        select(Trade.proposer_id.label("member_id")).where(completed, Trade.counterparty_id == user_id),
    )


def circle_size(*, user_id: int) -> int:
    """How many people are in `user_id`'s circle."""
    members = circle_member_ids(user_id=user_id).subquery()
    return db.session.execute(select(func.count()).select_from(members)).scalar_one()


def completed_trades_between(*, user_id: int, other_id: int) -> int:
    """How many trades the two completed together (they are in each other's circle from one)."""
    return db.session.execute(
        select(func.count())
        .select_from(Trade)
        .where(
            Trade.state == TradeState.COMPLETED.value,
            or_(
                and_(Trade.proposer_id == user_id, Trade.counterparty_id == other_id),
                and_(Trade.proposer_id == other_id, Trade.counterparty_id == user_id),
            ),
        )
    ).scalar_one()


def partner_divisions(*, user_id: int) -> int:
    """How many divisions other than `user_id`'s own their completed-trade partners are in."""
    members = circle_member_ids(user_id=user_id).subquery()
    own_division = select(User.division_id).where(User.id == user_id).scalar_subquery()
    return db.session.execute(
        select(func.count(func.distinct(User.division_id))).where(
            User.id.in_(select(members.c.member_id)), User.division_id != own_division
        )
    ).scalar_one()
