"""Badges: each check runs when the event that could complete it happens, and a badge is
awarded once (a unique row per person and badge), with a notification. Only credits that
earned something count towards one (shared/fair_game.counts)."""

import functools

from sqlalchemy import Select, and_, bindparam, case, distinct, exists, func, select
from sqlalchemy.exc import IntegrityError

from server.answers.models import Answer
from server.badges.models import UserBadge
from server.common.clock import utcnow
from server.common.firm_time import start_of_firm_day
from server.extensions import db
from server.notifications.service import notify_badge
from server.posts.models import Post
from server.reputation.models import ReputationEntry, is_live
from server.reputation.sources import ANSWER_SOURCE, USE_SOURCE
from server.trades.models import TradeLeg
from server.trust.service import partner_divisions
from server.users.models import User
from server.uses.models import Use
from shared import badges as rules
from shared.badges import BADGES_BY_SLUG
from shared.enums import PostKind
from shared.rules import ReputationEvent
from shared.trades import LegState


def holds(*, user_id: int, slug: str) -> bool:
    """Whether `user_id` holds the badge `slug`."""
    return (
        db.session.execute(select(UserBadge.id).where(UserBadge.user_id == user_id, UserBadge.slug == slug)).first()
        is not None
    )


def award(*, user_id: int, slug: str) -> bool:
    """Give `slug` to `user_id` unless they hold it; True when newly awarded."""
    if holds(user_id=user_id, slug=slug):
        return False
    try:
        # A savepoint: a concurrent request may award the same badge first.
        with db.session.begin_nested():
            db.session.add(UserBadge(user_id=user_id, slug=slug, awarded_at=utcnow()))
    except IntegrityError:
        return False
    notify_badge(user_id=user_id, badge=BADGES_BY_SLUG[slug])
    return True


def badges_of(*, user_id: int, to_others: bool = False, read_by_holder: bool = True) -> list[dict]:
    """The badges a person holds, oldest first, each described to its holder or, unless
    `read_by_holder`, about them ("their own challenges", not "your own").

    `to_others`: shown to someone else, each badge says only the day it was awarded (its
    first moment in the firm's time zone). Both parties of a trade earn its badges in the
    same transaction, so the exact moment on two profiles would pair private trade partners.
    """
    rows = db.session.execute(held_badges_statement(), {"user_id": user_id})
    return [
        {
            "slug": row.slug,
            "name": BADGES_BY_SLUG[row.slug].name,
            "description": BADGES_BY_SLUG[row.slug].described(to_others=not read_by_holder),
            "awarded_at": start_of_firm_day(row.awarded_at) if to_others else row.awarded_at,
        }
        for row in rows
    ]


@functools.cache
def held_badges_statement() -> Select:
    """The badges `:user_id` holds, oldest first: built once, as every profile reads it."""
    return (
        select(UserBadge.slug, UserBadge.awarded_at)
        .where(UserBadge.user_id == bindparam("user_id"))
        .order_by(UserBadge.awarded_at, UserBadge.id)
    )


def after_post(*, post: Post) -> None:
    """First Insight / First Challenge."""
    award(user_id=post.author_id, slug="first_insight" if post.kind == PostKind.INSIGHT.value else "first_challenge")


def after_answer(*, answer: Answer) -> None:
    """First Answer."""
    award(user_id=answer.author_id, slug="first_answer")


def credit_counted(*, source_type: str, source_id, event: ReputationEvent):
    """A condition: the source's live credit for `event` earned something (a held, repeated
    or capped-to-nothing credit counts towards no badge)."""
    return exists().where(
        ReputationEntry.source_type == source_type,
        ReputationEntry.source_id == source_id,
        ReputationEntry.event == event.value,
        ReputationEntry.points > 0,
        is_live(),
    )


def use_counted():
    return credit_counted(source_type=USE_SOURCE, source_id=Use.id, event=ReputationEvent.CONTRIBUTION_USED)


def acceptance_counted():
    return credit_counted(source_type=ANSWER_SOURCE, source_id=Answer.id, event=ReputationEvent.ANSWER_ACCEPTED)


def after_use(*, use: Use, author_id: int) -> None:
    """Useful, Go-To, Connector and Rainmaker, for the author of what was used."""
    users_of_target = db.session.execute(
        select(func.count())
        .select_from(Use)
        .where(Use.post_id == use.post_id if use.post_id is not None else Use.answer_id == use.answer_id, use_counted())
    ).scalar_one()
    if users_of_target >= rules.USEFUL_USERS:
        award(user_id=author_id, slug="useful")
    if users_of_target >= rules.GO_TO_USERS:
        award(user_id=author_id, slug="go_to")
    if use.deal_influenced and db.session.execute(select(use_counted()).where(Use.id == use.id)).scalar():
        award(user_id=author_id, slug="rainmaker")
    # Counting the divisions of everyone who used the author's work is the dear part: skip it
    # once they hold the badge.
    if (
        not holds(user_id=author_id, slug="connector")
        and user_divisions_using(author_id=author_id) >= rules.CONNECTOR_DIVISIONS
    ):
        award(user_id=author_id, slug="connector")


def after_acceptance(*, answer: Answer) -> None:
    """Problem Solver and Closer for the answerer, Listener for the asker."""
    # Answers accepted on one's own challenges are one's own doing: they do not count.
    accepted = db.session.execute(
        select(func.count())
        .select_from(Answer)
        .join(Answer.post)
        .where(
            Answer.author_id == answer.author_id,
            Answer.accepted_at.is_not(None),
            Answer.deleted_at.is_(None),
            Post.author_id != answer.author_id,
            acceptance_counted(),
        )
    ).scalar_one()
    if accepted >= rules.PROBLEM_SOLVER_ACCEPTED:
        award(user_id=answer.author_id, slug="problem_solver")
    if accepted >= rules.CLOSER_ACCEPTED:
        award(user_id=answer.author_id, slug="closer")
    asker_id = answer.post.author_id
    solved_own = db.session.execute(
        select(func.count(distinct(Answer.post_id)))
        .join(Answer.post)
        .where(
            Post.author_id == asker_id,
            Answer.accepted_at.is_not(None),
            Answer.deleted_at.is_(None),
            Answer.author_id != asker_id,
            acceptance_counted(),
        )
    ).scalar_one()
    if solved_own >= rules.LISTENER_CHALLENGES:
        award(user_id=asker_id, slug="listener")


def user_divisions_using(*, author_id: int) -> int:
    """How many divisions the people who used `author_id`'s contributions belong to."""
    on_posts = (
        select(User.division_id)
        .join(Use, Use.user_id == User.id)
        .join(Post, Post.id == Use.post_id)
        .where(Post.author_id == author_id, use_counted())
    )
    on_answers = (
        select(User.division_id)
        .join(Use, Use.user_id == User.id)
        .join(Answer, Answer.id == Use.answer_id)
        .where(Answer.author_id == author_id, use_counted())
    )
    divisions = on_posts.union(on_answers).subquery()
    return db.session.execute(select(func.count()).select_from(divisions)).scalar_one()


def after_leg_confirmed(*, promiser_id: int) -> None:
    """Promise Keeper: 10 legs kept on time (delivered by their due time and confirmed), none
    broken; a leg whose credit counted for nothing (repeated, held) is not one of the ten."""
    kept, broken = db.session.execute(
        select(
            func.sum(
                case(
                    (
                        and_(
                            TradeLeg.state == LegState.CONFIRMED.value,
                            TradeLeg.on_time.is_(True),
                            func.coalesce(TradeLeg.weight, 1.0) > 0,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(case((TradeLeg.state == LegState.BROKEN.value, 1), else_=0)),
        ).where(TradeLeg.promiser_id == promiser_id)
    ).one()
    if (kept or 0) >= rules.PROMISE_KEEPER_ON_TIME and not broken:
        award(user_id=promiser_id, slug="promise_keeper")


def after_trade_completed(*, user: User) -> None:
    """Good Trader on a first completed trade; Bridge Builder across 3 other divisions."""
    award(user_id=user.id, slug="good_trader")
    if partner_divisions(user_id=user.id) >= rules.BRIDGE_BUILDER_DIVISIONS:
        award(user_id=user.id, slug="bridge_builder")
