"""Notifications: written when something happens for someone, read and marked read by them."""

import functools

from flask_smorest import abort
from sqlalchemy import Select, bindparam, func, select, update

from server.answers.models import Answer
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.extensions import db
from server.notifications.models import Notification
from server.posts.models import Post
from server.posts.visibility import visible_among, visible_answer_condition, visible_post_condition
from server.reputation.signals import level_reached
from server.users.models import User
from shared.badges import Badge
from shared.levels import Level


class Kind:
    """Notification kinds (the app picks an icon and a screen by kind)."""

    ANSWER_ON_MY_CHALLENGE = "answer_on_my_challenge"
    ANSWER_ACCEPTED = "answer_accepted"
    CONTRIBUTION_USED = "contribution_used"
    LEVEL_UP = "level_up"
    BADGE_EARNED = "badge_earned"
    TRADE_PROPOSED = "trade_proposed"
    TRADE_ACCEPTED = "trade_accepted"
    TRADE_DECLINED = "trade_declined"
    TRADE_CANCELLED = "trade_cancelled"
    LEG_DELIVERED = "leg_delivered"
    LEG_CONFIRMED = "leg_confirmed"
    LEG_DUE_SOON = "leg_due_soon"
    LEG_OVERDUE = "leg_overdue"
    LEG_BROKEN = "leg_broken"
    LEAD_OUTCOME = "lead_outcome"
    EXPERT_ASKED = "expert_asked"
    INSIGHT_REPORTED_OUTDATED = "insight_reported_outdated"
    INSIGHT_NEEDS_VERIFYING = "insight_needs_verifying"
    FLAG_RESOLVED = "flag_resolved"  # an admin decided about content the person flagged


def notify(
    *,
    user_id: int,
    kind: str,
    message: str,
    actor: User | None = None,
    post_id: int | None = None,
    answer_id: int | None = None,
    trade_id: int | None = None,
    data: dict | None = None,
) -> None:
    """Tell `user_id` something; nothing is said to people about their own actions."""
    if actor is not None and actor.id == user_id:
        return
    db.session.add(
        Notification(
            user_id=user_id,
            kind=kind,
            message=message,
            actor_id=actor.id if actor else None,
            post_id=post_id,
            answer_id=answer_id,
            trade_id=trade_id,
            data=data or {},
            created_at=utcnow(),
        )
    )


@level_reached.connect
def notify_level_up(user: User, *, level: Level) -> None:
    """Tell `user` they reached `level` for the first time (sent by the ledger)."""
    notify(
        user_id=user.id,
        kind=Kind.LEVEL_UP,
        message=f"You reached level {level.number}: {level.name}.",
        data={"level": level.number, "name": level.name},
    )


def notify_badge(*, user_id: int, badge: Badge) -> None:
    notify(
        user_id=user_id,
        kind=Kind.BADGE_EARNED,
        message=f"You earned the {badge.name} badge.",
        data={"badge": badge.slug, "name": badge.name},
    )


def list_notifications(*, user: User, unread_only: bool, limit: int, cursor: str | None) -> Page:
    """The caller's notifications, newest first, with the unread count."""
    statement = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    page = page_by_id(statement, id_column=Notification.id, limit=limit, cursor=cursor)
    show_visible_targets(notifications=page.items, viewer=user)
    page.unread_count = unread_count(user=user)
    return page


def show_visible_targets(*, notifications: list[Notification], viewer: User) -> None:
    """Keep the post and answer each notification links to only where `viewer` may see them
    now: a trade proposal names a post the proposer sees, which may lie outside the
    receiver's audience, a post's audience may narrow after the fact, and an admin may hide
    a post or an answer."""
    visible_posts = visible_among((notification.post_id for notification in notifications), viewer=viewer)
    answer_ids = {notification.answer_id for notification in notifications if notification.answer_id}
    visible_answers = (
        set(
            db.session.execute(
                select(Answer.id)
                .join(Post, Post.id == Answer.post_id)
                .where(
                    Answer.id.in_(answer_ids),
                    visible_answer_condition(viewer=viewer),
                    visible_post_condition(viewer=viewer),
                )
            ).scalars()
        )
        if answer_ids
        else set()
    )
    for notification in notifications:
        notification.visible_post_id = notification.post_id if notification.post_id in visible_posts else None
        notification.visible_answer_id = notification.answer_id if notification.answer_id in visible_answers else None


def mark_read(*, user: User, ids: list[int] | None) -> int:
    """Mark the given notifications (all when `ids` is None) read; answers the unread count."""
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        known = set(
            db.session.execute(
                select(Notification.id).where(Notification.user_id == user.id, Notification.id.in_(ids))
            ).scalars()
        )
        missing = sorted(set(ids) - known)
        if missing:
            abort(404, message=f"No such notification: {', '.join(map(str, missing))}.")
        statement = statement.where(Notification.id.in_(ids))
    db.session.execute(statement.values(read_at=utcnow()).execution_options(synchronize_session=False))
    return unread_count(user=user)


def unread_count(*, user: User) -> int:
    return db.session.execute(unread_count_statement(), {"user_id": user.id}).scalar_one()


@functools.cache
def unread_count_statement() -> Select:
    """How many of `:user_id`'s notifications are unread: built once, as every page of them
    and every bell asks it."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
    )
