"""An insight's freshness as the posts keep it, and as the API shows it.

The posts service calls these as insights are made and changed, in the same transaction,
so that `Post.stale_after` (what "may be out of date" is read from, under an index) always
says what shared/freshness.py's rules say:

    stale_after = min(verified_at + the insight's interval, the first open report)

and null for challenges and retired insights, which are never "may be out of date".
"""

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update

from server.extensions import db
from server.freshness.models import OutdatedReport
from server.posts.models import Post
from shared.enums import PostKind
from shared.freshness import out_of_date_reason, verification_days


def interval_days(post: Post) -> int:
    """How many days `post` stays fresh after it is verified (the shortest of its tags')."""
    return verification_days(tag.verification_days for tag in post.tags)


def may_be_out_of_date(now: datetime) -> ColumnElement[bool]:
    """A WHERE clause on `Post`: an insight that may be out of date at `now` (indexed)."""
    return Post.stale_after <= now


def refresh(post: Post) -> None:
    """Recompute `post.stale_after` from its verification, its tags and its open reports."""
    if post.kind != PostKind.INSIGHT.value or post.retired_at is not None or post.verified_at is None:
        post.stale_after = None
        return
    moments = [post.verified_at + timedelta(days=interval_days(post))]
    if post.id is not None:
        first_report = db.session.execute(
            select(func.min(OutdatedReport.created_at)).where(
                OutdatedReport.post_id == post.id, OutdatedReport.resolved_at.is_(None)
            )
        ).scalar_one()
        if first_report is not None:
            moments.append(first_report)
    post.stale_after = min(moments)


def vouch(post: Post, *, now: datetime) -> None:
    """The author vouched for the insight (posted, updated or verified it): fresh from `now`,
    its open reports answered, and the sweep may ask again once it goes stale again."""
    if post.kind != PostKind.INSIGHT.value:
        return
    post.verified_at = now
    post.stale_asked_at = None
    resolve_reports(post, now=now)
    refresh(post)


def resolve_reports(post: Post, *, now: datetime) -> None:
    """Close the insight's open reports (kept, as history)."""
    if post.id is None:
        return
    db.session.execute(
        update(OutdatedReport)
        .where(OutdatedReport.post_id == post.id, OutdatedReport.resolved_at.is_(None))
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )


def open_reports_of(post_id) -> ColumnElement[int]:
    """A scalar subquery: how many open reports the post `post_id` (a column, to correlate) has."""
    return (
        select(func.count())
        .select_from(OutdatedReport)
        .where(OutdatedReport.post_id == post_id, OutdatedReport.resolved_at.is_(None))
        .scalar_subquery()
    )


def describe(posts: list[Post], *, now: datetime, open_reports: dict[int, int], tag_days: dict[int, list]) -> None:
    """Set each post's `freshness` as the API shows it: null for a challenge. `open_reports`:
    each insight's open reports (`open_reports_of`); `tag_days`: the verification intervals
    of its tags (None for a tag without one), both read with the post's other figures."""
    for post in posts:
        if post.kind != PostKind.INSIGHT.value:
            post.freshness = None
            continue
        reports = open_reports.get(post.id, 0)
        stale = post.stale_after is not None and post.stale_after <= now
        unverified_days = None
        interval = timedelta(days=verification_days(tag_days.get(post.id, [])))
        if stale and post.verified_at is not None and now >= post.verified_at + interval:
            unverified_days = (now - post.verified_at).days
        post.freshness = {
            "verified_at": post.verified_at,
            "may_be_out_of_date": stale,
            "reason": out_of_date_reason(days_unverified=unverified_days, open_reports=reports) if stale else None,
            "retired_at": post.retired_at,
            "outdated_reports": reports,
        }
