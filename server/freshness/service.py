"""Freshness: the author verifies or retires an insight, colleagues say it is out of date,
admins set a tag's interval, and the sweep asks authors to look at what went stale.

The rules are shared/freshness.py's; what an insight's freshness is (and the kept
`stale_after` that search and the sweep read) is server.freshness.state's.
"""

from datetime import datetime

from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.common.access import require_author_or_admin
from server.common.clock import utcnow
from server.extensions import db
from server.freshness import state
from server.freshness.models import OutdatedReport
from server.notifications.service import Kind, notify
from server.posts.models import Post
from server.posts.service import describe_posts
from server.posts.visibility import get_visible_post
from server.tags.models import Tag
from server.users.models import User
from shared.enums import PostKind
from shared.freshness import verification_days

TAG_NOT_FOUND_MESSAGE = "No such tag."


def _refuse_unless_live_insight(post: Post) -> None:
    """409 for a challenge or a retired insight. Called after the checks of who may act, so
    a 403 or 404 says nothing about the post's state."""
    if post.kind != PostKind.INSIGHT.value:
        abort(409, message="Only an insight is verified, retired or called out of date; a challenge is answered.")
    if post.retired_at is not None:
        abort(409, message="This insight is retired: it is kept as history and no longer verified.")


def verify_insight(*, post_id: int, author: User) -> Post:
    """The author says the insight is still true: fresh again from now, open reports answered."""
    post = get_visible_post(post_id=post_id, viewer=author)
    if post.author_id != author.id:
        abort(403, message="Only the author can verify this insight; say it is out of date instead.")
    _refuse_unless_live_insight(post)
    state.vouch(post, now=utcnow())
    db.session.flush()
    return describe_posts(posts=[post], viewer=author)[0]


def retire_insight(*, post_id: int, editor: User) -> Post:
    """Retire an insight (its author or an admin; audited when an admin retires another's).

    It keeps its history (uses, the reputation they earned, answers, reports) and stays
    readable by link, marked retired; it leaves the feed's lists and search results."""
    post = get_visible_post(post_id=post_id, viewer=editor)
    require_author_or_admin(author_id=post.author_id, editor=editor, noun="insight")
    _refuse_unless_live_insight(post)
    now = utcnow()
    post.retired_at = now
    state.resolve_reports(post, now=now)
    state.refresh(post)
    db.session.flush()
    audit.record_if_moderated(
        editor=editor,
        author_id=post.author_id,
        action=AuditAction.POST_RETIRED,
        object_type=AuditObject.POST,
        object_id=post.id,
        object_label=post.title,
    )
    return describe_posts(posts=[post], viewer=editor)[0]


def report_outdated(*, post_id: int, reporter: User, note: str) -> Post:
    """A colleague who may see the insight says it is out of date: it may be out of date at
    once, and its author hears why. One open report per person (409 for another)."""
    post = get_visible_post(post_id=post_id, viewer=reporter)
    if post.author_id == reporter.id:
        abort(403, message="You wrote this insight: update, verify or retire it instead.")
    _refuse_unless_live_insight(post)
    already = db.session.execute(
        select(OutdatedReport.id).where(
            OutdatedReport.post_id == post.id,
            OutdatedReport.reporter_id == reporter.id,
            OutdatedReport.resolved_at.is_(None),
        )
    ).first()
    if already is not None:
        abort(409, message="You already said this insight is out of date; its author has been told.")
    now = utcnow()
    db.session.add(OutdatedReport(post_id=post.id, reporter_id=reporter.id, note=note, created_at=now))
    db.session.flush()
    state.refresh(post)
    # The author hears now, and this counts as asking them: the sweep does not ask again.
    post.stale_asked_at = post.stale_asked_at or now
    notify(
        user_id=post.author_id,
        kind=Kind.INSIGHT_REPORTED_OUTDATED,
        actor=reporter,
        post_id=post.id,
        message=f"{reporter.display_name} says your insight \u201c{post.title}\u201d may be out of date: "
        f"verify, update or retire it.",
        data={"note": note},
    )
    db.session.flush()
    return describe_posts(posts=[post], viewer=reporter)[0]


def change_tag(*, name: str, changes: dict, admin: User) -> dict:
    """Set how long insights on tag `name` stay fresh (`verification_days`; None: the
    default), audited, and recompute the freshness of every live insight carrying it.
    Without `verification_days` nothing changes (the tag's interval is answered)."""
    tag = db.session.execute(select(Tag).where(Tag.name == name)).scalar_one_or_none()
    if tag is None:
        abort(404, message=TAG_NOT_FOUND_MESSAGE)
    before = tag.verification_days
    days = changes.get("verification_days", before)
    tag.verification_days = days
    db.session.flush()
    insights = (
        db.session.execute(
            select(Post)
            .where(
                Post.tags.any(Tag.id == tag.id),
                Post.kind == PostKind.INSIGHT.value,
                Post.deleted_at.is_(None),
                Post.retired_at.is_(None),
            )
            .options(selectinload(Post.tags))
        )
        .scalars()
        .all()
    )
    if before != days:
        for post in insights:
            state.refresh(post)
        audit.record(
            actor=admin,
            action=AuditAction.TAG_UPDATED,
            object_type=AuditObject.TAG,
            object_id=tag.id,
            object_label=tag.name,
            before={"verification_days": before},
            after={"verification_days": days},
        )
    db.session.flush()
    return {
        "name": tag.name,
        "verification_days": days,
        "effective_days": verification_days([days]),
        "insights": len(insights),
    }


def ask_authors(*, now: datetime) -> int:
    """The sweep's step: ask the author of each insight that has gone stale since it was last
    verified to verify, update or retire it, once; how many were asked. Running it again
    asks nobody twice (`stale_asked_at` is set in the same transaction as the notification,
    and each row is locked while it changes, so two sweeps cannot both ask)."""
    stale = (
        db.session.execute(
            select(Post)
            .where(
                state.may_be_out_of_date(now),
                Post.stale_asked_at.is_(None),
                Post.deleted_at.is_(None),
                Post.retired_at.is_(None),
            )
            .order_by(Post.id)
            .with_for_update(of=Post, skip_locked=True)
            .execution_options(populate_existing=True)
        )
        .unique()
        .scalars()
        .all()
    )
    for post in stale:
        post.stale_asked_at = now
        days = (now - post.verified_at).days
        notify(
            user_id=post.author_id,
            kind=Kind.INSIGHT_NEEDS_VERIFYING,
            post_id=post.id,
            message=f"Your insight \u201c{post.title}\u201d has not been verified for {days} days: "
            f"is it still true? Verify, update or retire it.",
            data={"days": days},
        )
    db.session.flush()
    return len(stale)
