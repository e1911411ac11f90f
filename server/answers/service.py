"""Answers: write, list, edit, delete, and accept one on your own challenge."""

import functools

from flask_smorest import abort
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import lazyload

from server.answers.models import Answer
from server.attachments import service as attachments
from server.audit import service as audit
from server.audit.actions import AuditAction, AuditObject
from server.audit.service import excerpt
from server.common.access import require_author_or_admin
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.common.validation import refuse_field
from server.contributions import events
from server.contributions.reactions import reactions_to
from server.extensions import db
from server.helpful.models import HelpfulVote
from server.posts.models import Post
from server.posts.service import refresh_challenge_status
from server.posts.visibility import (
    get_visible_post,
    require_visible_post,
    visible_answer_condition,
    visible_post_condition,
)
from server.reputation import ledger
from server.search import index as search_index
from server.users.models import User
from server.uses.models import Use
from shared.enums import ChallengeStatus, PostKind

NOT_FOUND_MESSAGE = "No such answer."


def get_visible_answer(*, answer_id: int, viewer: User) -> Answer:
    """The answer if `viewer` may see it and its challenge; otherwise 404."""
    answer = db.session.execute(
        select(Answer)
        .join(Answer.post)
        .where(Answer.id == answer_id, visible_answer_condition(viewer=viewer), visible_post_condition(viewer=viewer))
    ).scalar_one_or_none()
    if answer is None:
        abort(404, message=NOT_FOUND_MESSAGE)
    return answer


def create_answer(
    *, post_id: int, author: User, body: str | None, insight_id: int | None = None, attachment_ids: list[int] = ()
) -> Answer:
    """Answer a challenge that is not closed; the challenge becomes `answered`. An answer may
    link one of the author's own insights (its text then defaults to pointing at it)."""
    post = get_visible_post(post_id=post_id, viewer=author)
    if post.kind != PostKind.CHALLENGE.value:
        abort(409, message="Only challenges take answers; use or vote on an insight instead.")
    if post.status == ChallengeStatus.CLOSED.value:
        abort(409, message="This challenge is closed: it takes no more answers.")
    insight = own_insight(insight_id=insight_id, author=author) if insight_id is not None else None
    if (
        insight is not None
        and db.session.execute(
            select(Answer.id).where(
                Answer.post_id == post.id, Answer.insight_id == insight.id, Answer.deleted_at.is_(None)
            )
        ).first()
    ):
        abort(409, message="Your insight already answers this challenge.")
    now = utcnow()
    answer = Answer(
        post=post,
        author=author,
        body=body or linked_insight_text(insight),
        created_at=now,
        updated_at=now,
        insight_id=insight.id if insight else None,
    )
    db.session.add(answer)
    db.session.flush()
    attachments.attach(ids=list(attachment_ids), owner=author, answer=answer)
    search_index.index_answer(answer=answer)
    refresh_challenge_status(post=post)
    events.answer_created(answer=answer, post=post)
    return describe_answers(answers=[answer], viewer=author)[0]


def own_insight(*, insight_id: int, author: User) -> Post:
    """The insight `author` wrote and may link as an answer; any other id is refused, naming
    the field, as if nobody had used it."""
    insight = db.session.execute(
        select(Post).where(
            Post.id == insight_id,
            Post.author_id == author.id,
            Post.kind == PostKind.INSIGHT.value,
            Post.deleted_at.is_(None),
        )
    ).scalar_one_or_none()
    if insight is None:
        refuse_field(field="insight_id", message="Not one of your insights.")
    return insight


def linked_insight_text(insight: Post) -> str:
    """What an answer that only links an insight says."""
    return f"My insight \u201c{insight.title}\u201d may answer this."


def list_answers(*, post_id: int, viewer: User, limit: int, cursor: str | None) -> Page:
    """A challenge's answers that `viewer` may see, oldest first."""
    require_visible_post(post_id=post_id, viewer=viewer)
    # An answer shows its `post_id`, not its post: the post is not joined into every row.
    statement = (
        select(Answer)
        .options(lazyload(Answer.post))
        .where(Answer.post_id == post_id, visible_answer_condition(viewer=viewer))
    )
    page = page_by_id(statement, id_column=Answer.id, limit=limit, cursor=cursor, newest_first=False)
    page.items = describe_answers(answers=page.items, viewer=viewer)
    return page


def get_answer(*, answer_id: int, viewer: User) -> Answer:
    """One answer with its counts."""
    return describe_answers(answers=[get_visible_answer(answer_id=answer_id, viewer=viewer)], viewer=viewer)[0]


def editable_answer(*, answer_id: int, editor: User) -> Answer:
    """An answer `editor` may change: theirs, or any for an admin."""
    answer = get_visible_answer(answer_id=answer_id, viewer=editor)
    require_author_or_admin(author_id=answer.author_id, editor=editor, noun="answer")
    return answer


def update_answer(*, answer_id: int, editor: User, body: str, attachment_ids: list[int] | None = None) -> Answer:
    """Edit an answer's text (and, when given, its photos)."""
    answer = editable_answer(answer_id=answer_id, editor=editor)
    before = excerpt(answer.body)
    answer.body = body
    answer.updated_at = utcnow()
    db.session.flush()
    if attachment_ids is not None:
        attachments.replace(ids=attachment_ids, editor=editor, answer=answer)
    search_index.index_answer(answer=answer)
    audit.record_if_moderated(
        editor=editor,
        author_id=answer.author_id,
        action=AuditAction.ANSWER_EDITED,
        object_type=AuditObject.ANSWER,
        object_id=answer.id,
        object_label=answer.post.title,
        before={"body": before},
        after={"body": excerpt(body)},
    )
    return describe_answers(answers=[answer], viewer=editor)[0]


def delete_answer(*, answer_id: int, editor: User) -> None:
    """Delete an answer; if it was accepted, the challenge is no longer solved."""
    answer = editable_answer(answer_id=answer_id, editor=editor)
    answer.deleted_at = utcnow()
    answer.accepted_at = None
    db.session.flush()
    attachments.remove_photos_of(answer=answer)
    search_index.forget_answer(answer=answer)
    refresh_challenge_status(post=answer.post)
    events.answer_deleted(answer=answer, **reactions_to(answer_id=answer.id))
    audit.record_if_moderated(
        editor=editor,
        author_id=answer.author_id,
        action=AuditAction.ANSWER_DELETED,
        object_type=AuditObject.ANSWER,
        object_id=answer.id,
        object_label=answer.post.title,
    )


def accept_answer(*, answer_id: int, asker: User) -> Answer:
    """The asker accepts an answer; one accepted at a time, so another one is un-accepted."""
    answer = acceptable_answer(answer_id=answer_id, asker=asker)
    if answer.accepted_at is not None:
        abort(409, message="This answer is already accepted.")
    accepted_before = select(Answer).where(Answer.post_id == answer.post_id, Answer.accepted_at.is_not(None))
    # Everyone this acceptance credits or debits, locked first and in id order (the asker,
    # the answerer, whoever's answer it replaces): crediting them one by one locked the
    # answerer before the asker, so two askers accepting each other's answers deadlocked
    # (server/reputation/ledger.py, tests/test_lock_order.py).
    ledger.lock_users(
        [asker.id, answer.author_id, *db.session.execute(accepted_before.with_only_columns(Answer.author_id)).scalars()]
    )
    for previous in db.session.execute(accepted_before).scalars():
        previous.accepted_at = None
        events.answer_unaccepted(answer=previous)
    answer.accepted_at = utcnow()
    db.session.flush()
    refresh_challenge_status(post=answer.post)
    events.answer_accepted(answer=answer, asker=asker)
    return describe_answers(answers=[answer], viewer=asker)[0]


def unaccept_answer(*, answer_id: int, asker: User) -> None:
    """The asker takes back an acceptance; the challenge returns to `answered`."""
    answer = acceptable_answer(answer_id=answer_id, asker=asker)
    if answer.accepted_at is None:
        abort(409, message="This answer is not accepted.")
    answer.accepted_at = None
    db.session.flush()
    refresh_challenge_status(post=answer.post)
    events.answer_unaccepted(answer=answer)


def acceptable_answer(*, answer_id: int, asker: User) -> Answer:
    """An answer on a challenge of `asker`'s that is not closed."""
    answer = get_visible_answer(answer_id=answer_id, viewer=asker)
    if answer.post.author_id != asker.id:
        abort(403, message="Only the person who asked the challenge can accept an answer.")
    if answer.post.status == ChallengeStatus.CLOSED.value:
        abort(409, message="This challenge is closed; reopen it to change the accepted answer.")
    return answer


def describe_answers(*, answers: list[Answer], viewer: User) -> list[Answer]:
    """Attach counts and the viewer's own state to each answer: one statement for every
    figure of every answer (`reactions_statement`); the linked insights' titles and the
    photos only for the answers that have any."""
    ids = [answer.id for answer in answers]
    if not ids:
        return answers
    rows = {
        row.id: row for row in db.session.execute(reactions_statement(), {"answer_ids": ids, "viewer_id": viewer.id})
    }
    insight_ids = {answer.insight_id for answer in answers if answer.insight_id is not None}
    # The linked insights `viewer` may see, with their titles (any other is not shown to them).
    titles = (
        dict(
            db.session.execute(
                select(Post.id, Post.title).where(Post.id.in_(insight_ids), visible_post_condition(viewer=viewer))
            ).all()
        )
        if insight_ids
        else {}
    )
    photos = attachments.photos_of(answer_ids=[answer_id for answer_id, row in rows.items() if row.has_photos])
    for answer in answers:
        row = rows[answer.id]
        answer.attachment_list = photos.get(answer.id, [])
        answer.visible_insight = (
            {"id": answer.insight_id, "title": titles[answer.insight_id]} if answer.insight_id in titles else None
        )
        answer.helpful_count = row.helpful_count
        answer.use_count = row.use_count
        answer.viewer = {
            "used": bool(row.used),
            "found_helpful": bool(row.found_helpful),
            "can_edit": answer.author_id == viewer.id or viewer.is_admin,
        }
    return answers


@functools.cache
def reactions_statement():
    """Each answer's figures as a viewer sees them, one row per answer (of `:answer_ids`, seen
    by `:viewer_id`): built once, since building it costs about as much as running it."""
    viewer_id = bindparam("viewer_id")

    def count(model):
        return select(func.count()).select_from(model).where(model.answer_id == Answer.id).scalar_subquery()

    return select(
        Answer.id,
        count(HelpfulVote).label("helpful_count"),
        count(Use).label("use_count"),
        exists().where(Use.answer_id == Answer.id, Use.user_id == viewer_id).label("used"),
        exists().where(HelpfulVote.answer_id == Answer.id, HelpfulVote.user_id == viewer_id).label("found_helpful"),
        attachments.has_photos(answer_id=Answer.id).label("has_photos"),
    ).where(Answer.id.in_(bindparam("answer_ids", expanding=True)))
