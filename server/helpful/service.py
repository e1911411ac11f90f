"""Helpful votes on posts and answers, and their undo."""

from flask_smorest import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.common.clock import utcnow
from server.contributions import events
from server.contributions.service import Contribution, refuse_own, visible_contribution
from server.extensions import db
from server.helpful.models import HelpfulVote
from server.reputation.privileges import require_privilege
from server.users.models import User
from shared.rules import Privilege


def vote_helpful(*, user: User, post_id: int | None = None, answer_id: int | None = None) -> HelpfulVote:
    """Vote a post or an answer helpful (once per person)."""
    contribution = visible_contribution(viewer=user, post_id=post_id, answer_id=answer_id)
    refuse_own(contribution=contribution, viewer=user, action="vote helpful on")
    require_privilege(user, Privilege.VOTE_HELPFUL)
    if find_vote(user=user, contribution=contribution) is not None:
        abort(409, message="You already voted this helpful.")
    vote = HelpfulVote(user_id=user.id, created_at=utcnow(), **contribution.target_columns)
    db.session.add(vote)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        abort(409, message="You already voted this helpful.")
    events.helpful_voted(vote=vote, contribution=contribution, user=user)
    vote.helpful_count = helpful_count(contribution=contribution)
    return vote


def withdraw_helpful(*, user: User, post_id: int | None = None, answer_id: int | None = None) -> None:
    """Take back `user`'s helpful vote."""
    contribution = visible_contribution(viewer=user, post_id=post_id, answer_id=answer_id)
    vote = find_vote(user=user, contribution=contribution)
    if vote is None:
        abort(404, message="You have not voted this helpful.")
    events.helpful_withdrawn(vote=vote)
    db.session.delete(vote)
    db.session.flush()


def find_vote(*, user: User, contribution: Contribution) -> HelpfulVote | None:
    """`user`'s vote on the contribution, if any."""
    return db.session.execute(
        select(HelpfulVote).filter_by(user_id=user.id, **contribution.target_columns)
    ).scalar_one_or_none()


def helpful_count(*, contribution: Contribution) -> int:
    """How many people voted the contribution helpful."""
    return db.session.execute(
        select(func.count()).select_from(HelpfulVote).filter_by(**contribution.target_columns)
    ).scalar_one()
