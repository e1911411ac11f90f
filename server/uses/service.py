"""Uses: "I used this" on an insight or an answer, its undo, and who used what."""

from dataclasses import dataclass

from flask_smorest import abort
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.contributions import events
from server.contributions.service import Contribution, refuse_own, visible_contribution
from server.extensions import db
from server.users.models import User
from server.uses.models import Use
from shared.enums import PostKind


def record_use(*, user: User, data: dict, post_id: int | None = None, answer_id: int | None = None) -> Use:
    """Record that `user` used an insight or an answer."""
    contribution = visible_contribution(viewer=user, post_id=post_id, answer_id=answer_id)
    if contribution.post is not None and contribution.post.kind == PostKind.CHALLENGE.value:
        abort(409, message="A challenge cannot be used; mark the answer you used instead.")
    refuse_own(contribution=contribution, viewer=user, action="mark as used")
    if find_use(user=user, contribution=contribution) is not None:
        abort(409, message="You already marked this as used.")
    use = Use(
        user=user,
        note=data["note"],
        hours_saved=data.get("hours_saved"),
        deal_influenced=data["deal_influenced"],
        created_at=utcnow(),
        **contribution.target_columns,
    )
    db.session.add(use)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        abort(409, message="You already marked this as used.")
    events.contribution_used(use=use, contribution=contribution, user=user)
    return use


def undo_use(*, user: User, post_id: int | None = None, answer_id: int | None = None) -> None:
    """Take back `user`'s use of an insight or an answer."""
    contribution = visible_contribution(viewer=user, post_id=post_id, answer_id=answer_id)
    use = find_use(user=user, contribution=contribution)
    if use is None:
        abort(404, message="You have not marked this as used.")
    events.use_undone(use=use)
    db.session.delete(use)
    db.session.flush()


@dataclass
class UseTotals:
    """What all the uses of one contribution add up to (not only the page's)."""

    uses: int
    hours_saved: float
    deals_influenced: int


@dataclass
class UsesPage(Page):
    """A page of uses with the totals over every use of the contribution."""

    totals: UseTotals


def list_uses(
    *, viewer: User, limit: int, cursor: str | None, post_id: int | None = None, answer_id: int | None = None
) -> UsesPage:
    """Who used an insight or an answer, newest first, with their notes, and what all the
    uses add up to: an author reads the totals above the first page."""
    contribution = visible_contribution(viewer=viewer, post_id=post_id, answer_id=answer_id)
    statement = select(Use).filter_by(**contribution.target_columns)
    page = page_by_id(statement, id_column=Use.id, limit=limit, cursor=cursor)
    uses, hours, deals = db.session.execute(
        select(
            func.count(Use.id),
            func.coalesce(func.sum(Use.hours_saved), 0.0),
            func.coalesce(func.sum(case((Use.deal_influenced.is_(True), 1), else_=0)), 0),
        ).filter_by(**contribution.target_columns)
    ).one()
    return UsesPage(
        page.items, page.next_cursor, UseTotals(uses=int(uses), hours_saved=float(hours), deals_influenced=int(deals))
    )


def find_use(*, user: User, contribution: Contribution) -> Use | None:
    """`user`'s use of the contribution, if any."""
    return db.session.execute(
        select(Use).filter_by(user_id=user.id, **contribution.target_columns)
    ).scalar_one_or_none()
