"""Why someone has the points they have: their ledger, newest first, in plain words."""

from sqlalchemy import select

from server.common.pagination import Page, page_by_id
from server.extensions import db
from server.posts.models import Post
from server.posts.visibility import visible_post_condition, visible_post_ids
from server.reputation.models import ReputationEntry
from server.users.models import User
from shared.rules import CROSS_DIVISION_MULTIPLIER, CapReason, ReputationEvent, is_multiplied

REASONS = {
    ReputationEvent.CONTRIBUTION_USED: "{actor} used your contribution",
    ReputationEvent.ANSWER_ACCEPTED: "{actor} accepted your answer",
    ReputationEvent.ACCEPTED_AN_ANSWER: "You accepted {actor}'s answer",
    ReputationEvent.HELPFUL_VOTE: "{actor} found your contribution helpful",
    ReputationEvent.LEG_ON_TIME: "You kept your promise to {actor} on time",
    ReputationEvent.LEG_LATE: "You delivered your promise to {actor} late",
    ReputationEvent.LEG_BROKEN: "You broke your promise to {actor}",
    ReputationEvent.TRADE_BRIDGE: "You completed a first trade with {actor}, across divisions",
}
CAP_REASONS = {
    CapReason.SERIAL_CREDIT: "more than 10 credits from one person within 24 hours earn nothing",
    CapReason.HELPFUL_DAILY_CAP: "helpful votes give at most 200 points a day",
    CapReason.HELD_NEWCOMER: "held until they have been here 14 days and two colleagues they never credited "
    "have credited them a week before",
    CapReason.REPEATED: "credits from the same person lose half their worth with each repeat within 90 days",
    CapReason.MUTUAL: "a credit returned to someone who credited you is worth a quarter",
}


def history(*, user_id: int, viewer: User, limit: int, cursor: str | None) -> Page:
    """`user_id`'s ledger entries, newest first, each with its reason, as `viewer` may see them.

    The person and admins see every entry. Others see only the entries about a post they
    may see: a trade's entries would name the partner (trades are private to their two
    parties), and an entry about a post outside their audience would tell of that post and
    of who acted on it. Redacting such entries would not do: their ids and times match the
    other side's entries in that person's history, which names the two together.
    """
    statement = select(ReputationEntry).where(ReputationEntry.recipient_id == user_id)
    if viewer.id != user_id and not viewer.is_admin:
        statement = statement.where(ReputationEntry.post_id.in_(visible_post_ids(viewer=viewer)))
    page = page_by_id(statement, id_column=ReputationEntry.id, limit=limit, cursor=cursor)
    actors = {
        user.id: user
        for user in db.session.execute(
            select(User).where(User.id.in_({entry.actor_id for entry in page.items if entry.actor_id}))
        ).scalars()
    }
    post_ids = {entry.post_id for entry in page.items if entry.post_id}
    posts = {
        post.id: post
        for post in db.session.execute(
            select(Post).where(Post.id.in_(post_ids), visible_post_condition(viewer=viewer))
        ).scalars()
    }
    page.items = [describe(entry, actors.get(entry.actor_id), posts.get(entry.post_id)) for entry in page.items]
    return page


def describe(entry: ReputationEntry, actor: User | None, post: Post | None) -> dict:
    """An entry as the API shows it, with its reason in plain words."""
    event = ReputationEvent(entry.event)
    reason = REASONS[event].format(actor=actor.display_name if actor else "someone")
    if post is not None:
        reason += f" — “{post.title}”"
    if is_multiplied(event, cross_division=entry.cross_division) and entry.base_points > 0:
        reason += f" (another division: ×{CROSS_DIVISION_MULTIPLIER:g})"
    if entry.cap_reason:
        label = "held" if entry.cap_reason == CapReason.HELD_NEWCOMER.value else "capped"
        reason += f"; {label}: {CAP_REASONS[CapReason(entry.cap_reason)]}"
    if entry.reverses_id is not None:
        reason = f"Undone: {reason[0].lower()}{reason[1:]}"
    return {
        "id": entry.id,
        "event": entry.event,
        "points": entry.points,
        "base_points": entry.base_points,
        "cap_reason": entry.cap_reason,
        "cross_division": entry.cross_division,
        "reverses_id": entry.reverses_id,
        "reason": reason,
        "actor": actor,
        "post": {"id": post.id, "title": post.title} if post else None,
        "created_at": entry.created_at,
    }
