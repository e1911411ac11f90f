"""Moderation: anyone flags a post or an answer; admins hide, restore or dismiss.

Rules decided here:
- Anyone signed in who may see a post or an answer may flag it, once while their flag is
  open (a repeat answers 409); not its author (403: flagging one's own work is not theirs
  to do; delete or edit it instead). Content already hidden takes no flags (409).
- Hiding upholds every open flag on the item, dismissing the flags leaves it up; either way
  each flagger is told (Kind.FLAG_RESOLVED) and sees the outcome in `GET /me/flags`.
- A hidden post or answer leaves every read path for everyone but admins and its author,
  who sees it marked hidden with the admin's note (server.posts.visibility); it leaves the
  search index in the same transaction, and restoring it indexes it again. Its reputation
  stays in the ledger: a history line about a post the reader may not see shows without it.
- Every decision is an audit log entry with the admin's note.
"""

from collections import Counter

from flask_smorest import abort
from sqlalchemy import func, or_, select

from server.answers.models import Answer
from server.answers.service import describe_answers, get_visible_answer
from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.audit.service import excerpt
from server.common.clock import utcnow
from server.common.pagination import Page, decode_cursor, encode_cursor, page_by_id
from server.extensions import db
from server.moderation.models import Flag
from server.notifications.service import Kind, notify
from server.posts.models import Post
from server.posts.service import describe_posts
from server.posts.visibility import get_visible_post, visible_among
from server.search import index as search_index
from server.users.models import User
from shared.moderation import FlagState

EXCERPT_LENGTH = 280


def flag_post(*, post_id: int, flagger: User, reason: str, note: str | None) -> dict:
    """Flag a post `flagger` may see (404 otherwise) and did not write."""
    post = get_visible_post(post_id=post_id, viewer=flagger)
    return _flag(flagger=flagger, post=post, answer=None, reason=reason, note=note)


def flag_answer(*, answer_id: int, flagger: User, reason: str, note: str | None) -> dict:
    """Flag an answer `flagger` may see (404 otherwise) and did not write."""
    answer = get_visible_answer(answer_id=answer_id, viewer=flagger)
    return _flag(flagger=flagger, post=answer.post, answer=answer, reason=reason, note=note)


def _flag(*, flagger: User, post: Post, answer: Answer | None, reason: str, note: str | None) -> dict:
    item = answer or post
    noun = "answer" if answer else "post"
    if item.author_id == flagger.id:
        abort(403, message=f"You cannot flag your own {noun}; edit or delete it instead.")
    if item.hidden_at is not None:
        abort(409, message=f"This {noun} is already hidden.")
    if post.hidden_at is not None:
        abort(409, message="The post this answer is on is hidden.")
    mine = _open_flags(post_id=post.id, answer_id=answer.id if answer else None).where(Flag.flagger_id == flagger.id)
    if db.session.execute(mine.limit(1)).first() is not None:
        abort(409, message=f"You already flagged this {noun}; an admin will look at it.")
    flag = Flag(
        flagger=flagger,
        post_id=post.id,
        answer_id=answer.id if answer else None,
        reason=reason,
        note=note or None,
        state=FlagState.OPEN.value,
        created_at=utcnow(),
    )
    db.session.add(flag)
    # Two requests at once: the partial unique index refuses the second (server.errors: 409).
    db.session.flush()
    return described_flag(flag, title=post.title)


def _open_flags(*, post_id: int, answer_id: int | None):
    """A select of the open flags on one post (`answer_id` None) or one answer, oldest first."""
    return (
        select(Flag)
        .where(
            Flag.state == FlagState.OPEN.value,
            Flag.post_id == post_id,
            Flag.answer_id.is_(None) if answer_id is None else Flag.answer_id == answer_id,
        )
        .order_by(Flag.id)
    )


def described_flag(flag: Flag, *, title: str | None) -> dict:
    """A flag as its flagger sees it; `title` is None when they may no longer see the post."""
    return {
        "id": flag.id,
        "reason": flag.reason,
        "note": flag.note,
        "state": flag.state,
        "created_at": flag.created_at,
        "resolved_at": flag.resolved_at,
        "item": {
            "type": "answer" if flag.answer_id else "post",
            "post_id": flag.post_id,
            "answer_id": flag.answer_id,
            "title": title,
        },
    }


def my_flags(*, viewer: User, limit: int, cursor: str | None) -> Page:
    """The flags `viewer` raised, newest first, with their outcome; a post's title only
    while they may still see the post."""
    page = page_by_id(select(Flag).where(Flag.flagger_id == viewer.id), id_column=Flag.id, limit=limit, cursor=cursor)
    visible = visible_among((flag.post_id for flag in page.items), viewer=viewer)
    titles = dict(db.session.execute(select(Post.id, Post.title).where(Post.id.in_(visible))).all()) if visible else {}
    page.items = [described_flag(flag, title=titles.get(flag.post_id)) for flag in page.items]
    return page


def queue(*, state: str, limit: int, cursor: str | None) -> Page:
    """Flagged content with its flags in `state`, the longest waiting first: one item per
    post or answer, with how many flagged it and why. Pages follow the item's first flag."""
    first_id = func.min(Flag.id)
    statement = (
        select(Flag.post_id, Flag.answer_id, first_id.label("first_id"))
        .where(Flag.state == state)
        .group_by(Flag.post_id, Flag.answer_id)
    )
    if cursor is not None:
        (last_id,) = decode_cursor(cursor, int)
        statement = statement.having(first_id > last_id)
    rows = db.session.execute(statement.order_by(first_id).limit(limit + 1)).all()
    next_cursor = encode_cursor([rows[limit - 1].first_id]) if len(rows) > limit else None
    rows = rows[:limit]
    return Page(_queue_items(rows, state=state), next_cursor)


def _queue_items(rows, *, state: str) -> list[dict]:
    if not rows:
        return []
    post_ids = {row.post_id for row in rows}
    answer_ids = {row.answer_id for row in rows if row.answer_id}
    posts = {post.id: post for post in db.session.execute(select(Post).where(Post.id.in_(post_ids))).scalars()}
    answers = (
        {answer.id: answer for answer in db.session.execute(select(Answer).where(Answer.id.in_(answer_ids))).scalars()}
        if answer_ids
        else {}
    )
    flags = db.session.execute(
        select(Flag)
        .where(
            Flag.state == state,
            Flag.post_id.in_(post_ids),
            or_(Flag.answer_id.is_(None), Flag.answer_id.in_(answer_ids)),
        )
        .order_by(Flag.id)
    ).scalars()
    by_item: dict[tuple, list[Flag]] = {}
    for flag in flags:
        by_item.setdefault((flag.post_id, flag.answer_id), []).append(flag)
    items = []
    for row in rows:
        item_flags = by_item.get((row.post_id, row.answer_id), [])
        post, answer = posts[row.post_id], answers.get(row.answer_id)
        content = answer or post
        reasons = Counter(flag.reason for flag in item_flags)
        items.append(
            {
                "content": {
                    "type": "answer" if answer else "post",
                    "post_id": post.id,
                    "answer_id": answer.id if answer else None,
                    "title": post.title,
                    "excerpt": excerpt(content.body, EXCERPT_LENGTH),
                    "author": content.author,
                    "hidden_at": content.hidden_at,
                    "hidden_reason": content.hidden_reason,
                    "deleted": content.deleted_at is not None or post.deleted_at is not None,
                },
                "flag_count": len(item_flags),
                "reasons": [
                    {"reason": reason, "count": count}
                    for reason, count in sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0]))
                ],
                "first_flagged_at": item_flags[0].created_at if item_flags else None,
                "flags": item_flags,
            }
        )
    return items


def _existing_post(post_id: int, *, deleted_too: bool = False) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or (post.deleted_at is not None and not deleted_too):
        abort(404, message="No such post.")
    return post


def _existing_answer(answer_id: int, *, deleted_too: bool = False) -> Answer:
    answer = db.session.get(Answer, answer_id)
    if answer is None or ((answer.deleted_at is not None or answer.post.deleted_at is not None) and not deleted_too):
        abort(404, message="No such answer.")
    return answer


def hide_post(*, post_id: int, admin: User, note: str) -> Post:
    """Hide a post (and so its answers) from everyone but its author and admins; its open
    flags are upheld."""
    post = _existing_post(post_id)
    _hide(item=post, admin=admin, note=note)
    search_index.forget_post(post=post)
    _resolve(post=post, answer=None, state=FlagState.UPHELD, admin=admin)
    audit.record(
        actor=admin,
        action=AuditAction.POST_HIDDEN,
        object_type=AuditObject.POST,
        object_id=post.id,
        object_label=post.title,
        after={"note": note},
    )
    return describe_posts(posts=[post], viewer=admin)[0]


def restore_post(*, post_id: int, admin: User, note: str | None) -> Post:
    """Show a hidden post again, and index it and its answers for search again."""
    post = _existing_post(post_id)
    _restore(item=post)
    search_index.index_post_and_answers(post=post)
    audit.record(
        actor=admin,
        action=AuditAction.POST_RESTORED,
        object_type=AuditObject.POST,
        object_id=post.id,
        object_label=post.title,
        after={"note": note},
    )
    return describe_posts(posts=[post], viewer=admin)[0]


def hide_answer(*, answer_id: int, admin: User, note: str) -> Answer:
    """Hide an answer from everyone but its author and admins; its open flags are upheld."""
    answer = _existing_answer(answer_id)
    _hide(item=answer, admin=admin, note=note)
    search_index.forget_answer(answer=answer)
    _resolve(post=answer.post, answer=answer, state=FlagState.UPHELD, admin=admin)
    audit.record(
        actor=admin,
        action=AuditAction.ANSWER_HIDDEN,
        object_type=AuditObject.ANSWER,
        object_id=answer.id,
        object_label=answer.post.title,
        after={"note": note},
    )
    return describe_answers(answers=[answer], viewer=admin)[0]


def restore_answer(*, answer_id: int, admin: User, note: str | None) -> Answer:
    """Show a hidden answer again (and index it again, unless its post is hidden)."""
    answer = _existing_answer(answer_id)
    _restore(item=answer)
    search_index.index_answer(answer=answer)
    audit.record(
        actor=admin,
        action=AuditAction.ANSWER_RESTORED,
        object_type=AuditObject.ANSWER,
        object_id=answer.id,
        object_label=answer.post.title,
        after={"note": note},
    )
    return describe_answers(answers=[answer], viewer=admin)[0]


def dismiss_post_flags(*, post_id: int, admin: User, note: str | None) -> dict:
    """Dismiss the open flags on a post: it stays up (or was deleted by its author since)."""
    post = _existing_post(post_id, deleted_too=True)
    return _dismiss(post=post, answer=None, admin=admin, note=note)


def dismiss_answer_flags(*, answer_id: int, admin: User, note: str | None) -> dict:
    """Dismiss the open flags on an answer: it stays up (or was deleted by its author since)."""
    answer = _existing_answer(answer_id, deleted_too=True)
    return _dismiss(post=answer.post, answer=answer, admin=admin, note=note)


def _dismiss(*, post: Post, answer: Answer | None, admin: User, note: str | None) -> dict:
    dismissed = _resolve(post=post, answer=answer, state=FlagState.DISMISSED, admin=admin)
    if not dismissed:
        abort(409, message=f"This {'answer' if answer else 'post'} has no open flags.")
    audit.record(
        actor=admin,
        action=AuditAction.FLAGS_DISMISSED,
        object_type=AuditObject.ANSWER if answer else AuditObject.POST,
        object_id=(answer or post).id,
        object_label=post.title,
        after={"note": note, "flags": len(dismissed), "on": "answer" if answer else "post"},
    )
    return {"dismissed": len(dismissed)}


def _noun(item: Post | Answer) -> str:
    return "answer" if isinstance(item, Answer) else "post"


def _hide(*, item: Post | Answer, admin: User, note: str) -> None:
    if item.hidden_at is not None:
        abort(409, message=f"This {_noun(item)} is already hidden.")
    item.hidden_at, item.hidden_by_id, item.hidden_reason = utcnow(), admin.id, note
    db.session.flush()


def _restore(*, item: Post | Answer) -> None:
    if item.hidden_at is None:
        abort(409, message=f"This {_noun(item)} is not hidden.")
    item.hidden_at = item.hidden_by_id = item.hidden_reason = None
    db.session.flush()


def _resolve(*, post: Post, answer: Answer | None, state: FlagState, admin: User) -> list[Flag]:
    """Close the item's open flags as `state` and tell each flagger the outcome."""
    flags = list(db.session.execute(_open_flags(post_id=post.id, answer_id=answer.id if answer else None)).scalars())
    now = utcnow()
    noun = "answer on" if answer else "post"
    outcome = (
        "was upheld: it is hidden" if state == FlagState.UPHELD else "was dismissed: an admin found nothing to hide"
    )
    for flag in flags:
        flag.state, flag.resolved_at, flag.resolved_by_id = state.value, now, admin.id
        notify(
            user_id=flag.flagger_id,
            kind=Kind.FLAG_RESOLVED,
            actor=admin,
            post_id=post.id,
            answer_id=answer.id if answer else None,
            message=f"Your flag on the {noun} \u201c{post.title}\u201d {outcome}.",
            data={"flag": flag.id, "state": state.value},
        )
    db.session.flush()
    return flags
