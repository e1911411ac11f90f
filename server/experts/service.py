"""Expert routing: who could answer a challenge and why, asking them, a topic's page, and the
topics nobody can answer.

Suggestions come from the evidence in server.experts.evidence, ranked by its score (which
spares the overloaded). Asking notifies the expert and is limited per asker.
"""

from datetime import timedelta

from flask_smorest import abort
from sqlalchemy import func, select

from server.answers.models import Answer
from server.common.clock import utcnow
from server.experts.evidence import Evidence, add_load, gather
from server.experts.models import ExpertAsk
from server.extensions import db
from server.notifications.service import Kind, notify
from server.posts.models import Post
from server.posts.service import describe_posts
from server.posts.visibility import get_visible_post, not_hidden_condition, visible_post_condition
from server.search.service import similar_posts
from server.tags.models import Tag, post_tags
from server.tags.service import listed_names
from server.users.models import User
from server.uses.models import Use
from shared.enums import UNSOLVED_STATUSES, ChallengeStatus, PostKind
from shared.experts import ASKS_PER_HOUR, SIMILAR_POSTS, SUGGESTED_EXPERTS

TAG_NOT_FOUND_MESSAGE = "No such tag."


def ranked(evidence: dict[int, Evidence], *, excluded: set[int], limit: int) -> list[tuple[User, Evidence]]:
    """The strongest `limit` active people in `evidence` but `excluded`, with their evidence."""
    candidates = {user_id: item for user_id, item in evidence.items() if user_id not in excluded and item.strength > 0}
    if not candidates:
        return []
    people = {
        user.id: user
        for user in db.session.execute(select(User).where(User.id.in_(candidates), User.is_active)).scalars()
    }
    candidates = {user_id: item for user_id, item in candidates.items() if user_id in people}
    add_load(candidates)
    order = sorted(candidates, key=lambda user_id: (-candidates[user_id].score, -candidates[user_id].strength, user_id))
    return [(people[user_id], candidates[user_id]) for user_id in order[:limit]]


def describe(pairs: list[tuple[User, Evidence]], *, asked: set[int] = frozenset()) -> list[dict]:
    """Suggestions as the API shows them."""
    described = []
    for user, item in pairs:
        reasons = item.reasons()
        described.append(
            {
                "user": user,
                "score": round(item.score, 2),
                "reason": "; ".join(reasons).capitalize(),
                "reasons": reasons,
                "open_asks": item.open_asks,
                "asked": user.id in asked,
            }
        )
    return described


def challenge_of(*, post_id: int, viewer: User) -> Post:
    """The challenge `viewer` may see; an insight has no experts to ask (409)."""
    post = get_visible_post(post_id=post_id, viewer=viewer)
    if post.kind != PostKind.CHALLENGE.value:
        abort(409, message="Only a challenge has experts to ask; an insight is already an answer.")
    return post


def suggest_experts(*, post_id: int, viewer: User) -> list[dict]:
    """Up to SUGGESTED_EXPERTS people most likely to answer the challenge, with the reason;
    never its author, nor anyone who already answered it."""
    post = challenge_of(post_id=post_id, viewer=viewer)
    similar = similar_posts(
        viewer=viewer,
        text=f"{post.title} {post.body}",
        kinds=(PostKind.CHALLENGE.value, PostKind.INSIGHT.value),
        statuses=(ChallengeStatus.SOLVED.value, None),
        exclude_post_id=post.id,
        limit=SIMILAR_POSTS,
    )
    tag_ids = [tag.id for tag in post.tags]
    if tag_ids and similar:
        # A post on the challenge's tags already counts there, once.
        on_its_tags = set(
            db.session.execute(
                select(post_tags.c.post_id).where(post_tags.c.post_id.in_(similar), post_tags.c.tag_id.in_(tag_ids))
            ).scalars()
        )
        similar = [post_id for post_id in similar if post_id not in on_its_tags]
    evidence = gather(viewer=viewer, tag_ids=tag_ids, similar_post_ids=similar)
    answered = set(
        db.session.execute(
            select(Answer.author_id).where(Answer.post_id == post.id, Answer.deleted_at.is_(None))
        ).scalars()
    )
    asked = set(
        db.session.execute(
            select(ExpertAsk.expert_id).where(ExpertAsk.post_id == post.id, ExpertAsk.asker_id == viewer.id)
        ).scalars()
    )
    return describe(ranked(evidence, excluded={post.author_id, *answered}, limit=SUGGESTED_EXPERTS), asked=asked)


def ask_expert(*, post_id: int, expert_id: int, asker: User) -> dict:
    """Ask `expert_id` to answer the challenge: they are notified. Once per challenge and
    expert; at most ASKS_PER_HOUR asks by one person within an hour (429)."""
    post = challenge_of(post_id=post_id, viewer=asker)
    if post.status not in UNSOLVED_STATUSES:
        abort(409, message=f"This challenge is {post.status}: it needs no more answers.")
    expert = db.session.get(User, expert_id)
    if expert is None or not expert.is_active:
        abort(404, message="No such person.")
    if expert.id == asker.id:
        abort(409, message="You cannot ask yourself.")
    if expert.id == post.author_id:
        abort(409, message="They wrote this challenge.")
    if (
        db.session.execute(select(Post.id).where(Post.id == post.id, visible_post_condition(viewer=expert))).first()
        is None
    ):
        abort(409, message="They cannot see this challenge: its audience does not include them.")
    if db.session.execute(
        select(ExpertAsk.id).where(ExpertAsk.post_id == post.id, ExpertAsk.expert_id == expert.id)
    ).first():
        abort(409, message="They have already been asked to answer this challenge.")
    now = utcnow()
    recent = list(
        db.session.execute(
            select(ExpertAsk.created_at)
            .where(ExpertAsk.asker_id == asker.id, ExpertAsk.created_at > now - timedelta(hours=1))
            .order_by(ExpertAsk.created_at)
        ).scalars()
    )
    if len(recent) >= ASKS_PER_HOUR:
        wait = max(1, int((recent[0] + timedelta(hours=1) - now).total_seconds()) + 1)
        abort(
            429,
            message=f"You have asked {ASKS_PER_HOUR} people within the hour; wait {wait} s to ask again.",
            headers={"Retry-After": str(wait)},
        )
    ask = ExpertAsk(post_id=post.id, asker_id=asker.id, expert_id=expert.id, created_at=now)
    db.session.add(ask)
    db.session.flush()
    notify(
        user_id=expert.id,
        kind=Kind.EXPERT_ASKED,
        actor=asker,
        post_id=post.id,
        message=f"{asker.display_name} asks you to answer a challenge: {post.title}",
    )
    return {"post_id": post.id, "expert": expert, "created_at": ask.created_at}


def visible_tag(*, name: str, viewer: User) -> Tag:
    """The tag called `name` if it is listed to `viewer`; 404 as for a name nobody used."""
    if name not in listed_names(names=[name], viewer=viewer):
        abort(404, message=TAG_NOT_FOUND_MESSAGE)
    return db.session.execute(select(Tag).where(Tag.name == name)).scalar_one()


def tag_page(*, name: str, viewer: User, limit: int = 10) -> dict:
    """A topic: its experts (with reasons), its open challenges and its most used insights,
    among what `viewer` may see."""
    tag = visible_tag(name=name, viewer=viewer)
    # The tag's own posts, found through its index (not every post asked whether it has the tag).
    tagged = Post.id.in_(select(post_tags.c.post_id).where(post_tags.c.tag_id == tag.id))
    # A topic's page shows no hidden post, not even to its author or an admin.
    visible = visible_post_condition(viewer=viewer) & not_hidden_condition(Post)
    open_challenges = list(
        db.session.execute(
            select(Post)
            .where(visible, tagged, Post.kind == PostKind.CHALLENGE.value, Post.status.in_(UNSOLVED_STATUSES))
            .order_by(Post.id.desc())
            .limit(limit)
        ).scalars()
    )
    use_count = select(func.count(Use.id)).where(Use.post_id == Post.id).correlate(Post).scalar_subquery()
    best_insights = list(
        db.session.execute(
            # A retired insight is history (server.freshness), not something to reuse.
            select(Post)
            .where(visible, tagged, Post.kind == PostKind.INSIGHT.value, Post.retired_at.is_(None))
            .order_by(use_count.desc(), Post.id.desc())
            .limit(limit)
        ).scalars()
    )
    describe_posts(posts=open_challenges + best_insights, viewer=viewer)
    experts = ranked(gather(viewer=viewer, tag_ids=[tag.id]), excluded=set(), limit=SUGGESTED_EXPERTS)
    return {
        "name": tag.name,
        "experts": describe(experts),
        "open_challenges": open_challenges,
        "best_insights": best_insights,
    }


def expertise_gaps(*, viewer: User) -> list[dict]:
    """Tags with unsolved challenges and nobody with evidence on them (no accepted or used
    answer, no used insight, nobody listing it as expertise), most challenges first. Tags
    are those listed to `viewer`; challenges are counted whoever may see them."""
    unsolved = (
        select(post_tags.c.tag_id, func.count(Post.id).label("challenges"))
        .join(Post, Post.id == post_tags.c.post_id)
        .where(
            Post.kind == PostKind.CHALLENGE.value,
            Post.status.in_(UNSOLVED_STATUSES),
            Post.deleted_at.is_(None),
            not_hidden_condition(Post),
        )
        .group_by(post_tags.c.tag_id)
    )
    counts = dict(db.session.execute(unsolved).all())
    if not counts:
        return []
    tags = {tag.id: tag for tag in db.session.execute(select(Tag).where(Tag.id.in_(counts))).scalars()}
    listed = listed_names(names=[tag.name for tag in tags.values()], viewer=viewer)
    known = set()
    for item in gather(viewer=None, tag_ids=list(counts)).values():
        known |= set(item.accepted) | set(item.used_answers) | set(item.used_insights) | item.declared
    gaps = [
        {"tag": tags[tag_id].name, "unsolved_challenges": challenges}
        for tag_id, challenges in counts.items()
        if tags[tag_id].name in listed and tags[tag_id].name not in known
    ]
    return sorted(gaps, key=lambda gap: (-gap["unsolved_challenges"], gap["tag"]))
