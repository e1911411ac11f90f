"""What each domain action means for reputation, badges and notifications.

The feature services call these after their own change, in the same transaction, so a
use, its ledger entry, the author's new reputation, the daily scores, a badge and the
notification are committed together or not at all.
"""

from typing import TYPE_CHECKING

from sqlalchemy import select

from server.answers.models import Answer
from server.badges import service as badges
from server.extensions import db
from server.helpful.models import HelpfulVote
from server.notifications.models import Notification
from server.notifications.service import Kind, notify
from server.posts.models import Post
from server.reputation import ledger
from server.reputation.signals import credit_released
from server.reputation.sources import ANSWER_SOURCE, HELPFUL_SOURCE, LEG_SOURCE, USE_SOURCE
from server.trades import events as trade_events
from server.users.models import User
from server.uses.models import Use
from shared.rules import ReputationEvent

if TYPE_CHECKING:
    from server.contributions.service import Contribution  # whose lookups import the features' services

ACCEPTANCE_EVENTS = (ReputationEvent.ANSWER_ACCEPTED, ReputationEvent.ACCEPTED_AN_ANSWER)


def post_created(*, post: Post) -> None:
    badges.after_post(post=post)


def answer_created(*, answer: Answer, post: Post) -> None:
    notify(
        user_id=post.author_id,
        kind=Kind.ANSWER_ON_MY_CHALLENGE,
        actor=answer.author,
        post_id=post.id,
        answer_id=answer.id,
        message=f"{answer.author.display_name} answered your challenge “{post.title}”.",
    )
    badges.after_answer(answer=answer)


def answer_accepted(*, answer: Answer, asker: User) -> None:
    """+15 to the answerer, +2 to the asker (neither when they are the same person)."""
    ledger.credit(
        event=ReputationEvent.ANSWER_ACCEPTED,
        recipient_id=answer.author_id,
        actor=asker,
        source_type=ANSWER_SOURCE,
        source_id=answer.id,
        post_id=answer.post_id,
    )
    # The asker's reward comes from someone else's answer: accepting your own earns nothing.
    ledger.credit(
        event=ReputationEvent.ACCEPTED_AN_ANSWER,
        recipient_id=asker.id,
        actor=answer.author,
        source_type=ANSWER_SOURCE,
        source_id=answer.id,
        post_id=answer.post_id,
    )
    notify(
        user_id=answer.author_id,
        kind=Kind.ANSWER_ACCEPTED,
        actor=asker,
        post_id=answer.post_id,
        answer_id=answer.id,
        message=f"{asker.display_name} accepted your answer to “{answer.post.title}”.",
    )
    badges.after_acceptance(answer=answer)


def answer_unaccepted(*, answer: Answer) -> None:
    ledger.reverse_sources(source_type=ANSWER_SOURCE, source_ids=[answer.id], events=ACCEPTANCE_EVENTS)


def contribution_used(*, use: Use, contribution: "Contribution", user: User) -> None:
    """+10 to the author (×1.5 across divisions), a notification with the note, badges."""
    post_id = contribution.post.id if contribution.post else contribution.answer.post_id
    ledger.credit(
        event=ReputationEvent.CONTRIBUTION_USED,
        recipient_id=contribution.author_id,
        actor=user,
        source_type=USE_SOURCE,
        source_id=use.id,
        post_id=post_id,
    )
    badges.after_use(use=use, author_id=contribution.author_id)
    if already_told_of_use(author_id=contribution.author_id, user=user, contribution=contribution):
        # Marked, undone and marked again: the author heard of it the first time.
        return
    what = (
        f"insight “{contribution.post.title}”" if contribution.post else f"answer to “{contribution.answer.post.title}”"
    )
    notify(
        user_id=contribution.author_id,
        kind=Kind.CONTRIBUTION_USED,
        actor=user,
        post_id=post_id,
        answer_id=contribution.answer.id if contribution.answer else None,
        message=f"{user.display_name} used your {what}: {use.note}",
        data={"note": use.note, "hours_saved": use.hours_saved, "deal_influenced": use.deal_influenced},
    )


def already_told_of_use(*, author_id: int, user: User, contribution: "Contribution") -> bool:
    """Whether `author_id` was already notified that `user` used this contribution."""
    answer_id = contribution.answer.id if contribution.answer else None
    target = (
        Notification.answer_id == answer_id
        if answer_id is not None
        else (Notification.post_id == contribution.post.id) & Notification.answer_id.is_(None)
    )
    return (
        db.session.execute(
            select(Notification.id)
            .where(
                Notification.user_id == author_id,
                Notification.kind == Kind.CONTRIBUTION_USED,
                Notification.actor_id == user.id,
                target,
            )
            .limit(1)
        ).first()
        is not None
    )


@credit_released.connect
def bring_up_to_date_after_release(entry) -> None:
    """A credit held from a newcomer was written again now that they are established: what
    depended on it counting (badges, a leg's weight in trust) is brought up to date."""
    if entry.source_type == USE_SOURCE:
        use = db.session.get(Use, entry.source_id)
        badges.after_use(use=use, author_id=entry.recipient_id)
    elif entry.source_type == ANSWER_SOURCE and entry.event == ReputationEvent.ANSWER_ACCEPTED.value:
        badges.after_acceptance(answer=db.session.get(Answer, entry.source_id))
    elif entry.source_type == LEG_SOURCE:
        trade_events.leg_credit_released(entry=entry)


def use_undone(*, use: Use) -> None:
    ledger.reverse_sources(source_type=USE_SOURCE, source_ids=[use.id])


def helpful_voted(*, vote: HelpfulVote, contribution: "Contribution", user: User) -> None:
    post_id = contribution.post.id if contribution.post else contribution.answer.post_id
    ledger.credit(
        event=ReputationEvent.HELPFUL_VOTE,
        recipient_id=contribution.author_id,
        actor=user,
        source_type=HELPFUL_SOURCE,
        source_id=vote.id,
        post_id=post_id,
    )


def helpful_withdrawn(*, vote: HelpfulVote) -> None:
    ledger.reverse_sources(source_type=HELPFUL_SOURCE, source_ids=[vote.id])


def post_deleted(*, post: Post, use_ids: list[int], vote_ids: list[int]) -> None:
    """Deleted content stops earning: its uses and helpful votes are reversed, and so is the
    asker's +2 for accepting an answer on it.

    Answers to a deleted challenge keep what they earned: their authors did the work.
    """
    ledger.reverse_sources(source_type=USE_SOURCE, source_ids=use_ids)
    ledger.reverse_sources(source_type=HELPFUL_SOURCE, source_ids=vote_ids)
    # Only the accepted answer can hold a live +2: un-accepting or moving it reversed the rest.
    accepted = (
        db.session.execute(select(Answer.id).where(Answer.post_id == post.id, Answer.accepted_at.is_not(None)))
        .scalars()
        .all()
    )
    ledger.reverse_sources(
        source_type=ANSWER_SOURCE, source_ids=list(accepted), events=(ReputationEvent.ACCEPTED_AN_ANSWER,)
    )


def answer_deleted(*, answer: Answer, use_ids: list[int], vote_ids: list[int]) -> None:
    """A deleted answer's uses, votes and acceptance are reversed."""
    ledger.reverse_sources(source_type=USE_SOURCE, source_ids=use_ids)
    ledger.reverse_sources(source_type=HELPFUL_SOURCE, source_ids=vote_ids)
    answer_unaccepted(answer=answer)
