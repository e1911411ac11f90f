"""When a colleague's credits start to count (shared/fair_game.py): once their account is old
enough and at least two people they never credited have credited them, a week ago or more.

Until then what they give is held: written at 0 points with the reason `held_newcomer`.
When they become established, each held credit is reversed and written again through the
ledger, so it is weighed by the rules as they stand then (a throwaway's credits to the one
person it was made for are still worth little). Established is for good.
"""

from datetime import datetime

from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import aliased

from server.common.clock import utcnow
from server.extensions import db
from server.reputation.models import ReputationEntry, is_live
from server.reputation.signals import credit_released
from server.users.models import User
from shared.fair_game import ESTABLISHED_VOUCHERS, NEWCOMER_AGE, VOUCH_AFTER, VOUCHING_EVENTS
from shared.rules import CapReason, ReputationEvent

VOUCHING_EVENT_VALUES = sorted(event.value for event in VOUCHING_EVENTS)


def ensure_established(user: User, *, now: datetime) -> bool:
    """Whether `user`'s credits count; the moment they first do, their held credits are released."""
    if user.established_at is not None:
        return True
    if now - user.created_at < NEWCOMER_AGE or vouchers(user_id=user.id, now=now) < ESTABLISHED_VOUCHERS:
        return False
    establish(user, now=now)
    return True


def establish(user: User, *, now: datetime) -> None:
    """From `now` on `user`'s credits count; the ones held so far are released."""
    user.established_at = now
    db.session.flush()
    release_held_credits(giver=user)


def vouch(*, person: User, admin: User | None, actor_label: str | None = None) -> bool:
    """An admin vouches for a colleague (a firm's staff at launch, a known expert who just
    joined): their credits count from now on and the ones held are released. Audited;
    False when they were established already."""
    from server.audit import service as audit
    from server.audit.actions import AuditAction, AuditObject
    from server.users.service import person_label

    if person.established_at is not None:
        return False
    audit.record(
        actor=admin,
        actor_label=actor_label,
        action=AuditAction.PERSON_VOUCHED,
        object_type=AuditObject.PERSON,
        object_id=person.id,
        object_label=person_label(person),
        before={"established": False},
        after={"established": True},
    )
    establish(person, now=utcnow())
    return True


def vouchers(*, user_id: int, now: datetime) -> int:
    """How many distinct people gave `user_id` a live vouching credit at least a week ago
    without `user_id` ever having credited them: within a ring everyone credits everyone,
    so nobody vouches."""
    given = aliased(ReputationEntry)
    entry = ReputationEntry
    return db.session.execute(
        select(func.count(distinct(entry.actor_id))).where(
            entry.recipient_id == user_id,
            entry.actor_id.is_not(None),
            is_live(),
            entry.base_points > 0,
            entry.event.in_(VOUCHING_EVENT_VALUES),
            entry.created_at <= now - VOUCH_AFTER,
            ~exists().where(
                given.actor_id == user_id,
                given.recipient_id == entry.actor_id,
                given.base_points > 0,
                given.event.in_(VOUCHING_EVENT_VALUES),
            ),
        )
    ).scalar_one()


def release_held_credits(*, giver: User) -> int:
    """Write again, weighed as the rules stand now, every live credit held from `giver`."""
    from server.reputation import ledger  # the ledger calls back here when a newcomer is established

    held = live_held_entries(giver_id=giver.id)
    for entry in held:
        ledger.reverse(entry)
        released = ledger.credit(
            event=ReputationEvent(entry.event),
            recipient_id=entry.recipient_id,
            actor=giver,
            source_type=entry.source_type,
            source_id=entry.source_id,
            post_id=entry.post_id,
        )
        credit_released.send(released)
    return len(held)


def live_held_entries(*, giver_id: int) -> list[ReputationEntry]:
    return list(
        db.session.execute(
            select(ReputationEntry)
            .where(
                ReputationEntry.actor_id == giver_id,
                ReputationEntry.cap_reason == CapReason.HELD_NEWCOMER.value,
                is_live(),
            )
            .order_by(ReputationEntry.id)
        ).scalars()
    )


def establish_due(*, now: datetime) -> int:
    """Establish everyone holding credits who now qualifies (their account came of age since
    they last gave one): what the scheduled sweep runs. Answers how many were established."""
    candidates = (
        db.session.execute(
            select(User)
            .where(
                User.established_at.is_(None),
                User.created_at <= now - NEWCOMER_AGE,
                User.id.in_(
                    select(ReputationEntry.actor_id).where(
                        ReputationEntry.cap_reason == CapReason.HELD_NEWCOMER.value, is_live()
                    )
                ),
            )
            .order_by(User.id)
        )
        .scalars()
        .all()
    )
    return sum(ensure_established(user, now=now) for user in candidates)
