"""Posts: create, the feed, read, edit, delete, and the challenge status."""

import functools
from datetime import timedelta

from flask_smorest import abort
from sqlalchemy import and_, bindparam, exists, func, select

from server.answers.models import Answer
from server.attachments import service as attachments
from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.audit.service import excerpt
from server.common.access import require_author_or_admin
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.common.text import contains_pattern
from server.common.validation import refuse_field
from server.contributions import events
from server.contributions.reactions import reactions_to
from server.extensions import db
from server.freshness import state as freshness
from server.helpful.models import HelpfulVote
from server.posts.models import Post
from server.posts.visibility import (
    answer_visibility,
    get_visible_post,
    viewer_parameters,
    visible_among,
    visible_posts_statement,
)
from server.reputation.privileges import require_privilege
from server.search import index as search_index
from server.tags.models import Tag, post_tags, user_expertise
from server.tags.service import tags_for_post
from server.users.models import User
from server.uses.models import Use
from shared.enums import UNSOLVED_STATUSES, ChallengeStatus, PostKind
from shared.rules import STALE_CHALLENGE_DAYS, Privilege

# The fields whose words search finds (server.search): an edit of any re-indexes the post.
SEARCHED_FIELDS = {"title", "body", "tags", "account"}


def create_post(*, author: User, data: dict) -> Post:
    """Publish a challenge (status `open`) or an insight for `author`."""
    now = utcnow()
    post = Post(
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        account=data.get("account") or None,
        audience=data["audience"],
        needed_by=data.get("needed_by"),
        division_id=author.division_id,
        author=author,
        status=ChallengeStatus.OPEN.value if data["kind"] == PostKind.CHALLENGE.value else None,
        created_at=now,
        updated_at=now,
    )
    post.tags = tags_for_post(names=data.get("tags", []), creator=author)
    freshness.vouch(post, now=now)  # an insight is verified by posting it
    db.session.add(post)
    db.session.flush()
    attachments.attach(ids=data.get("attachment_ids", []), owner=author, post=post)
    search_index.index_post(post=post)
    events.post_created(post=post)
    return describe_posts(posts=[post], viewer=author)[0]


def list_posts(*, viewer: User, filters: dict, limit: int, cursor: str | None) -> Page:
    """The feed `viewer` may see, newest first, narrowed by `filters`."""
    statement = visible_posts_statement(is_admin=viewer.is_admin)
    # Retired insights are history: only `retired=true` lists them (and only them).
    statement = statement.where(Post.retired_at.is_not(None) if filters.get("retired") else Post.retired_at.is_(None))
    if "kind" in filters:
        statement = statement.where(Post.kind == filters["kind"])
    if "status" in filters:
        statement = statement.where(Post.status == filters["status"])
    if "author" in filters:
        statement = statement.where(Post.author_id == filters["author"])
    if "account" in filters:
        statement = statement.where(func.lower(Post.account) == filters["account"].lower())
    if "tag" in filters:
        statement = statement.where(Post.tags.any(Tag.name == filters["tag"]))
    if filters.get("for_you"):
        statement = statement.where(for_you_condition(viewer=viewer))
    if "q" in filters:
        pattern = contains_pattern(filters["q"])
        statement = statement.where(Post.title.ilike(pattern, escape="\\") | Post.body.ilike(pattern, escape="\\"))
    page = page_by_id(statement, id_column=Post.id, limit=limit, cursor=cursor, parameters=viewer_parameters(viewer))
    page.items = describe_posts(posts=page.items, viewer=viewer)
    return page


def for_you_condition(*, viewer: User):
    """Others' insights, and others' unsolved challenges on a topic the viewer knows.

    The viewer's topics are their declared expertise and the tags of their own posts, so a
    newcomer who has not filled in expertise still gets challenges near what they wrote.
    """
    own_post_tags = (
        select(post_tags.c.tag_id).join(Post, Post.id == post_tags.c.post_id).where(Post.author_id == viewer.id)
    )
    expertise_tags = select(user_expertise.c.tag_id).where(user_expertise.c.user_id == viewer.id)
    my_topics = own_post_tags.union(expertise_tags)
    matching_challenge = (
        (Post.kind == PostKind.CHALLENGE.value)
        & Post.status.in_(UNSOLVED_STATUSES)
        & Post.tags.any(Tag.id.in_(my_topics))
    )
    # An insight is "not a challenge" here (a post is one or the other): with two indexed
    # alternatives SQLite would gather every post of both kinds and sort them, instead of
    # reading the feed newest first and stopping at a page.
    return (Post.author_id != viewer.id) & ((Post.kind != PostKind.CHALLENGE.value) | matching_challenge)


def get_post(*, post_id: int, viewer: User) -> Post:
    """One post `viewer` may see, with its counts; 404 otherwise."""
    return describe_posts(posts=[get_visible_post(post_id=post_id, viewer=viewer)], viewer=viewer)[0]


def editable_post(*, post_id: int, editor: User) -> Post:
    """A post `editor` may change: theirs, or any for an admin (403 for others who see it)."""
    post = get_visible_post(post_id=post_id, viewer=editor)
    require_author_or_admin(author_id=post.author_id, editor=editor, noun="post")
    return post


def check_edit_rights(*, post: Post, editor: User, changes: dict) -> None:
    """The author and admins edit anything; level 4 may retag and level 5 close a stale challenge."""
    if post.author_id == editor.id or editor.is_admin:
        return
    if set(changes) == {"tags"}:
        require_privilege(editor, Privilege.RETAG)
        return
    if changes == {"status": ChallengeStatus.CLOSED.value} and post.kind == PostKind.CHALLENGE.value:
        require_privilege(editor, Privilege.CLOSE_STALE)
        if not is_stale(post):
            abort(409, message=f"This challenge is not stale: it had activity in the last {STALE_CHALLENGE_DAYS} days.")
        return
    require_author_or_admin(author_id=post.author_id, editor=editor, noun="post")


def is_stale(post: Post) -> bool:
    """An unsolved challenge with no edit and no answer for STALE_CHALLENGE_DAYS."""
    if post.status not in UNSOLVED_STATUSES:
        return False
    last_answer = db.session.execute(
        select(func.max(Answer.created_at)).where(Answer.post_id == post.id, Answer.deleted_at.is_(None))
    ).scalar_one()
    last_activity = max(filter(None, [post.updated_at, last_answer]))
    return utcnow() - last_activity >= timedelta(days=STALE_CHALLENGE_DAYS)


def audited_fields(post: Post, fields) -> dict:
    """The post's values of `fields` as the audit log keeps them (its photos by id)."""

    def value(field):
        if field == "tags":
            return [tag.name for tag in post.tags]
        if field == "attachment_ids":
            return [photo.id for photo in attachments.photos_of(post_ids=[post.id]).get(post.id, [])]
        return getattr(post, field)

    return {field: excerpt(value(field)) for field in fields}


def update_post(*, post_id: int, editor: User, changes: dict) -> Post:
    """Apply an edit; `status` closes or reopens a challenge. Someone else's edit is audited."""
    post = get_visible_post(post_id=post_id, viewer=editor)
    check_edit_rights(post=post, editor=editor, changes=changes)
    moderated = post.author_id != editor.id
    before = audited_fields(post, changes) if moderated else None
    if post.kind == PostKind.INSIGHT.value:
        for field, message in (
            ("status", "Only challenges have a status."),
            ("needed_by", "Only challenges have a needed-by date."),
        ):
            if changes.get(field) is not None:
                refuse_field(field=field, message=message)
    for field in ("title", "body", "audience", "needed_by"):
        if field in changes:
            setattr(post, field, changes[field])
    if "account" in changes:
        post.account = changes["account"] or None
    if "tags" in changes:
        post.tags = tags_for_post(names=changes["tags"], creator=editor)
    if "attachment_ids" in changes:
        attachments.replace(ids=changes["attachment_ids"], editor=editor, post=post)
    if changes.get("status") == ChallengeStatus.CLOSED.value:
        post.status = ChallengeStatus.CLOSED.value
    elif changes.get("status") == ChallengeStatus.OPEN.value:
        post.status = None
        refresh_challenge_status(post=post)
    post.updated_at = utcnow()
    if post.author_id == editor.id and changes.keys() & {"title", "body"}:
        freshness.vouch(post, now=post.updated_at)  # the author updating it vouches for it
    elif "tags" in changes:
        freshness.refresh(post)  # its interval is its tags' shortest
    db.session.flush()
    if changes.keys() & SEARCHED_FIELDS:
        search_index.index_post(post=post)
    audit.record_if_moderated(
        editor=editor,
        author_id=post.author_id,
        action=AuditAction.POST_EDITED,
        object_type=AuditObject.POST,
        object_id=post.id,
        object_label=post.title,
        before=before,
        after=audited_fields(post, changes) if moderated else None,
    )
    return describe_posts(posts=[post], viewer=editor)[0]


def delete_post(*, post_id: int, editor: User) -> None:
    """Delete a post for everyone (kept as deleted, so its history stays explainable)."""
    post = editable_post(post_id=post_id, editor=editor)
    post.deleted_at = utcnow()
    db.session.flush()
    attachments.remove_photos_of(post=post)
    search_index.forget_post(post=post)
    events.post_deleted(post=post, **reactions_to(post_id=post.id))
    audit.record_if_moderated(
        editor=editor,
        author_id=post.author_id,
        action=AuditAction.POST_DELETED,
        object_type=AuditObject.POST,
        object_id=post.id,
        object_label=post.title,
    )


def mark_duplicate(*, post_id: int, editor: User, original_id: int) -> Post:
    """Close a challenge as a duplicate of another (its author, an admin, or level 5)."""
    post = get_visible_post(post_id=post_id, viewer=editor)
    if post.author_id != editor.id and not editor.is_admin:
        require_privilege(editor, Privilege.MARK_DUPLICATE)
    original = get_visible_post(post_id=original_id, viewer=editor)
    if post.kind != PostKind.CHALLENGE.value or original.kind != PostKind.CHALLENGE.value:
        abort(409, message="Only a challenge can be a duplicate of another challenge.")
    if original.id == post.id or original.duplicate_of_id == post.id:
        abort(409, message="A challenge cannot be a duplicate of itself.")
    before = audited_fields(post, ("status", "duplicate_of_id"))
    post.duplicate_of_id = original.id
    post.status = ChallengeStatus.CLOSED.value
    post.updated_at = utcnow()
    db.session.flush()
    audit.record_if_moderated(
        editor=editor,
        author_id=post.author_id,
        action=AuditAction.POST_EDITED,
        object_type=AuditObject.POST,
        object_id=post.id,
        object_label=post.title,
        before=before,
        after=audited_fields(post, ("status", "duplicate_of_id")),
    )
    return describe_posts(posts=[post], viewer=editor)[0]


def refresh_challenge_status(*, post: Post) -> None:
    """Derive an open challenge's status from its answers; a closed one stays closed."""
    if post.kind != PostKind.CHALLENGE.value or post.status == ChallengeStatus.CLOSED.value:
        return
    answers = select(Answer).where(Answer.post_id == post.id, Answer.deleted_at.is_(None))
    if db.session.execute(answers.where(Answer.accepted_at.is_not(None)).limit(1)).first():
        post.status = ChallengeStatus.SOLVED.value
    elif db.session.execute(answers.limit(1)).first():
        post.status = ChallengeStatus.ANSWERED.value
    else:
        post.status = ChallengeStatus.OPEN.value


def describe_posts(*, posts: list[Post], viewer: User) -> list[Post]:
    """Attach counts, the accepted answer and the viewer's own state to each post, and the
    original of a duplicate only when `viewer` may see that original.

    One statement reads every figure of every post (`reactions_statement`); the photos and
    the originals of duplicates are read only for the posts that have any."""
    ids = [post.id for post in posts]
    if not ids:
        return posts
    rows = {
        row.id: row
        for row in db.session.execute(
            reactions_statement(is_admin=viewer.is_admin), {"post_ids": ids, "viewer_id": viewer.id}
        )
    }
    tag_names, tag_days = {}, {}
    for post_id, name, days in db.session.execute(tags_statement(), {"post_ids": ids}):
        tag_names.setdefault(post_id, []).append(name)
        tag_days.setdefault(post_id, []).append(days)
    visible_originals = visible_among((post.duplicate_of_id for post in posts), viewer=viewer)
    photos = attachments.photos_of(post_ids=[post_id for post_id, row in rows.items() if row.has_photos])
    freshness.describe(
        posts,
        now=utcnow(),
        open_reports={post_id: row.open_reports for post_id, row in rows.items()},
        tag_days=tag_days,
    )
    for post in posts:
        row = rows[post.id]
        post.tag_names = sorted(tag_names.get(post.id, []))  # by code point, whatever the database's collation
        post.attachment_list = photos.get(post.id, [])
        post.visible_duplicate_of_id = post.duplicate_of_id if post.duplicate_of_id in visible_originals else None
        post.answer_count = row.answer_count
        post.helpful_count = row.helpful_count
        post.use_count = row.use_count
        post.accepted_answer_id = row.accepted_answer_id
        post.viewer = {
            "used": bool(row.used),
            "found_helpful": bool(row.found_helpful),
            "can_edit": post.author_id == viewer.id or viewer.is_admin,
        }
    return posts


@functools.cache
def tags_statement():
    """The tags of the posts `:post_ids`: (post id, name, verification days)."""
    return (
        select(post_tags.c.post_id, Tag.name, Tag.verification_days)
        .join(Tag, Tag.id == post_tags.c.tag_id)
        .where(post_tags.c.post_id.in_(bindparam("post_ids", expanding=True)))
    )


@functools.cache
def reactions_statement(*, is_admin: bool):
    """Each post's figures as a viewer sees them, one row per post (of `:post_ids`, seen by
    `:viewer_id`): built once per kind of viewer, since building it costs about as much as
    running it. Answers are counted as the viewer may see them: a hidden answer is in its
    author's and admins' counts only."""
    viewer_id = bindparam("viewer_id")
    visible_answer = and_(Answer.post_id == Post.id, answer_visibility(viewer_id=viewer_id, is_admin=is_admin))

    def count(model, condition):
        return select(func.count()).select_from(model).where(condition).scalar_subquery()

    return select(
        Post.id,
        count(Answer, visible_answer).label("answer_count"),
        count(HelpfulVote, HelpfulVote.post_id == Post.id).label("helpful_count"),
        count(Use, Use.post_id == Post.id).label("use_count"),
        select(func.max(Answer.id))
        .where(visible_answer, Answer.accepted_at.is_not(None))
        .scalar_subquery()
        .label("accepted_answer_id"),
        exists().where(Use.post_id == Post.id, Use.user_id == viewer_id).label("used"),
        exists().where(HelpfulVote.post_id == Post.id, HelpfulVote.user_id == viewer_id).label("found_helpful"),
        freshness.open_reports_of(Post.id).label("open_reports"),
        attachments.has_photos(post_id=Post.id).label("has_photos"),
    ).where(Post.id.in_(bindparam("post_ids", expanding=True)))
