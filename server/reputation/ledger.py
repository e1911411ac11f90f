"""The ledger: every change of reputation is an entry, written with everything derived from it.

`credit` writes an entry for an event (after the no-self-credit rule, the caps and the
fair-game rules of shared/fair_game.py) and, in
the same transaction, adds its points to the recipient's materialised reputation and its
figures to the daily score table. `reverse` writes the exact opposite of an entry. Both
lock the recipient's row first, so concurrent credits see each other's caps.

Lock order (PostgreSQL): user rows are locked with `FOR NO KEY UPDATE`, which, unlike
`FOR UPDATE`, does not conflict with the `FOR KEY SHARE` lock every foreign key check takes
on a referenced user (inserting a use, a vote or an entry locks its actor's row that way);
and whenever a unit of work locks more than one person it locks them all at once, in id
order (`lock_users`): a credit its actor and recipient (a returned credit re-weighs the
actor's earlier ones, which locks the actor), a service everyone it will credit before the
first credit (accepting an answer). Two transactions crediting each other then queue instead
of deadlocking (tests/test_lock_order.py).
"""

from datetime import timedelta

from sqlalchemy import case, func, or_, select, update

from server.common.clock import utcnow
from server.common.firm_time import firm_day
from server.extensions import db
from server.reputation import establishment, levels
from server.reputation.models import ReputationEntry, is_live
from server.reputation.upsert import add_daily_scores
from server.users.models import User
from shared.fair_game import MUTUAL_EVENTS, REPEAT_WINDOW, counts, weigh_credit, weighed_points
from shared.rules import (
    COUNTED_METRIC,
    HELPFUL_DAILY_CAP,
    SERIAL_CREDIT_LIMIT,
    SERIAL_CREDIT_WINDOW_HOURS,
    CapReason,
    Metric,
    ReputationEvent,
    points_for,
)


def credit(
    *,
    event: ReputationEvent,
    recipient_id: int,
    actor: User | None,
    source_type: str,
    source_id: int,
    post_id: int | None = None,
) -> ReputationEntry | None:
    """Write the entry `event` earns `recipient_id`; None when the recipient is the actor."""
    if actor is not None and actor.id == recipient_id:
        return None
    now = utcnow()
    # Before the recipient's row is locked: establishing the actor releases the credits they
    # were holding, and those lock their own recipients.
    actor_established = actor is None or establishment.ensure_established(actor, now=now)
    recipient = lock_users([recipient_id] + ([actor.id] if actor is not None else []))[recipient_id]
    cross_division = actor is not None and actor.division_id != recipient.division_id
    base_points = points_for(event, cross_division=cross_division)
    points, cap_reason = apply_caps(
        event=event,
        base_points=base_points,
        recipient=recipient,
        actor=actor,
        actor_established=actor_established,
        now=now,
    )
    entry = ReputationEntry(
        recipient_id=recipient.id,
        actor_id=actor.id if actor else None,
        event=event.value,
        points=points,
        base_points=base_points,
        cap_reason=cap_reason,
        cross_division=cross_division,
        source_type=source_type,
        source_id=source_id,
        post_id=post_id,
        score_day=firm_day(now),
        created_at=now,
    )
    record(entry, recipient)
    if actor_established and event in MUTUAL_EVENTS and cap_reason == CapReason.MUTUAL.value:
        revalue_returned_credits(giver=recipient, recipient=actor, since=now - REPEAT_WINDOW)
    return entry


def revalue_returned_credits(*, giver: User, recipient: User, since) -> None:
    """A credit was just returned: the ones `giver` gave `recipient` before it, in full, are
    mutual too. Each is reversed and written again, so it is worth a quarter like the credit
    that returned it — whichever of two colleagues in a ring credits first gains nothing by it."""
    earlier = list(
        db.session.execute(
            select(ReputationEntry)
            .where(
                ReputationEntry.actor_id == giver.id,
                ReputationEntry.recipient_id == recipient.id,
                ReputationEntry.event.in_([event.value for event in MUTUAL_EVENTS]),
                ReputationEntry.created_at >= since,
                ReputationEntry.points > 0,
                is_live(),
                or_(ReputationEntry.cap_reason.is_(None), ReputationEntry.cap_reason == CapReason.REPEATED.value),
            )
            .order_by(ReputationEntry.id)
        ).scalars()
    )
    # All reversed first, so that each is weighed again among the same earlier credits as before.
    for entry in earlier:
        reverse(entry)
    for entry in earlier:
        credit(
            event=ReputationEvent(entry.event),
            recipient_id=recipient.id,
            actor=giver,
            source_type=entry.source_type,
            source_id=entry.source_id,
            post_id=entry.post_id,
        )


def reverse(entry: ReputationEntry) -> ReputationEntry:
    """Write the exact opposite of `entry`, counted on the day the original was."""
    recipient = lock_user(entry.recipient_id)
    reversal = ReputationEntry(
        recipient_id=entry.recipient_id,
        actor_id=entry.actor_id,
        event=entry.event,
        points=-entry.points,
        base_points=-entry.base_points,
        cap_reason=entry.cap_reason,
        cross_division=entry.cross_division,
        source_type=entry.source_type,
        source_id=entry.source_id,
        post_id=entry.post_id,
        reverses_id=entry.id,
        score_day=entry.score_day,
        created_at=utcnow(),
    )
    record(reversal, recipient)
    return reversal


def reverse_sources(
    *, source_type: str, source_ids: list[int], events: tuple[ReputationEvent, ...] | None = None
) -> int:
    """Reverse every live entry of these sources (optionally only these events)."""
    entries = live_entries(source_type=source_type, source_ids=source_ids, events=events)
    lock_users([entry.recipient_id for entry in entries])
    for entry in entries:
        reverse(entry)
    return len(entries)


def live_entries(
    *, source_type: str, source_ids: list[int], events: tuple[ReputationEvent, ...] | None = None
) -> list[ReputationEntry]:
    """Credits of these sources that have not been reversed."""
    if not source_ids:
        return []
    statement = (
        select(ReputationEntry)
        .where(ReputationEntry.source_type == source_type, ReputationEntry.source_id.in_(source_ids), is_live())
        .order_by(ReputationEntry.id)
    )
    if events is not None:
        statement = statement.where(ReputationEntry.event.in_([event.value for event in events]))
    return list(db.session.execute(statement).scalars())


def apply_caps(
    *, event, base_points: int, recipient: User, actor: User | None, actor_established: bool, now
) -> tuple[int, str | None]:
    """The points an entry may earn after the caps of shared/rules.py and the fair-game rules
    of shared/fair_game.py (a penalty, or an entry nobody gave, is never reduced)."""
    if base_points <= 0 or actor is None:
        return base_points, None
    if not actor_established:
        return 0, CapReason.HELD_NEWCOMER.value
    since = now - REPEAT_WINDOW
    within_serial_window, within_repeat_window = live_credits_between(
        actor_id=actor.id, recipient_id=recipient.id, since=[now - timedelta(hours=SERIAL_CREDIT_WINDOW_HOURS), since]
    )
    if within_serial_window >= SERIAL_CREDIT_LIMIT:
        return 0, CapReason.SERIAL_CREDIT.value
    [returned] = live_credits_between(actor_id=recipient.id, recipient_id=actor.id, since=[since], events=MUTUAL_EVENTS)
    weighing = weigh_credit(event=event, earlier_from_giver=within_repeat_window, recipient_credited_giver=returned > 0)
    points = weighed_points(base_points, weighing.factor)
    cap_reason = weighing.reason.value if weighing.reason else None
    if event == ReputationEvent.HELPFUL_VOTE and points > 0:
        earned_today = db.session.execute(
            select(func.coalesce(func.sum(ReputationEntry.points), 0)).where(
                ReputationEntry.recipient_id == recipient.id,
                ReputationEntry.event == ReputationEvent.HELPFUL_VOTE.value,
                ReputationEntry.score_day == firm_day(now),
            )
        ).scalar_one()
        allowed = max(0, min(points, HELPFUL_DAILY_CAP - earned_today))
        if allowed < points:
            return allowed, CapReason.HELPFUL_DAILY_CAP.value
    return points, cap_reason


def live_credits_between(*, actor_id: int, recipient_id: int, since: list, events=None) -> list[int]:
    """How many live credits (worth something before any cap) `actor_id` gave `recipient_id`
    since each moment of `since`, optionally only of `events`: one query for every window."""
    statement = select(
        *[func.coalesce(func.sum(case((ReputationEntry.created_at >= moment, 1), else_=0)), 0) for moment in since]
    ).where(
        ReputationEntry.actor_id == actor_id,
        ReputationEntry.recipient_id == recipient_id,
        ReputationEntry.created_at >= min(since),
        ReputationEntry.base_points > 0,
        is_live(),
    )
    if events is not None:
        statement = statement.where(ReputationEntry.event.in_([event.value for event in events]))
    return list(db.session.execute(statement).one())


def lock_user(user_id: int) -> User:
    """The user row, locked until commit where the database can (PostgreSQL)."""
    return lock_users([user_id])[user_id]


def lock_users(user_ids) -> dict[int, User]:
    """These users' rows by id, locked until commit where the database can (PostgreSQL),
    in id order and with `FOR NO KEY UPDATE` (see the module's docstring on lock order).

    Locking a row this transaction holds already returns at once, so a service may lock
    everyone it is about to credit first and the credits lock them again.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    # The rows are locked as they come out of the sort, so in id order.
    users = (
        db.session.execute(
            select(User)
            .where(User.id.in_(ids))
            .order_by(User.id)
            .with_for_update(of=User, key_share=True)
            .execution_options(populate_existing=True)
        )
        .scalars()
        .all()
    )
    return {user.id: user for user in users}


def record(entry: ReputationEntry, recipient: User) -> None:
    """Add the entry, its points to the materialised reputation and level, and its daily figures."""
    db.session.add(entry)
    db.session.execute(
        update(User)
        .where(User.id == recipient.id)
        .values(reputation=User.reputation + entry.points)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(recipient, attribute_names=["reputation"])
    add_daily_scores(daily_figures(entry))
    if entry.points:
        levels.update_level(recipient)


def daily_figures(entry: ReputationEntry) -> list[dict]:
    """The daily score rows an entry adds to: its points, and one for a counted event."""
    rows = []
    if entry.points:
        rows.append(
            {
                "user_id": entry.recipient_id,
                "day": entry.score_day,
                "metric": Metric.REPUTATION.value,
                "value": entry.points,
            }
        )
    counted = COUNTED_METRIC.get(ReputationEvent(entry.event))
    if counted is not None and counts(points=entry.points, base_points=entry.base_points):
        rows.append(
            {
                "user_id": entry.recipient_id,
                "day": entry.score_day,
                "metric": counted.value,
                "value": -1 if entry.reverses_id is not None else 1,
            }
        )
    return rows
