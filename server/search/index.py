"""Keeping the search index current, in the transaction of the change itself.

The posts and answers services call these as they create, edit and delete, so a search
never finds words a post no longer has, nor misses the ones it was just given.
"""

from sqlalchemy import delete, func, insert, null, select

from server.extensions import db
from server.search.backends import search_backend
from server.search.models import SearchDocument


def _document(*, post_id: int, answer_id: int | None) -> SearchDocument:
    """The index's document for a post or an answer, made when it has none."""
    document = db.session.execute(
        select(SearchDocument).where(
            SearchDocument.post_id == post_id,
            SearchDocument.answer_id.is_(None) if answer_id is None else SearchDocument.answer_id == answer_id,
        )
    ).scalar_one_or_none()
    if document is None:
        document = SearchDocument(post_id=post_id, answer_id=answer_id)
        db.session.add(document)
        db.session.flush()
    return document


def index_post(*, post) -> None:
    """Index a post's title, body, tags and account (again, after an edit); a hidden post
    stays out of the index until it is restored (server.moderation indexes it again)."""
    if post.hidden_at is not None:
        return
    document = _document(post_id=post.id, answer_id=None)
    search_backend(db.session).write(
        db.session,
        document_id=document.id,
        title=post.title,
        body=post.body,
        tags=" ".join(tag.name for tag in post.tags),
        account=post.account or "",
    )


def index_answer(*, answer) -> None:
    """Index an answer's text, unless it or its post is hidden."""
    if answer.hidden_at is not None or answer.post.hidden_at is not None:
        return
    document = _document(post_id=answer.post_id, answer_id=answer.id)
    search_backend(db.session).write(
        db.session, document_id=document.id, title="", body=answer.body, tags="", account=""
    )


def index_post_and_answers(*, post) -> None:
    """Index a post and its live answers (a post shown again after it was hidden)."""
    from server.answers.models import Answer  # answers are indexed with the post they answer

    index_post(post=post)
    for answer in db.session.execute(
        select(Answer).where(Answer.post_id == post.id, Answer.deleted_at.is_(None))
    ).scalars():
        index_answer(answer=answer)


def _forget(condition) -> None:
    backend = search_backend(db.session)
    for document_id in db.session.execute(select(SearchDocument.id).where(condition)).scalars().all():
        backend.remove(db.session, document_id=document_id)
    db.session.execute(delete(SearchDocument).where(condition))


def forget_post(*, post) -> None:
    """Take a post and its answers out of the index (deleted: nobody may find it)."""
    _forget(SearchDocument.post_id == post.id)


def forget_answer(*, answer) -> None:
    """Take an answer out of the index."""
    _forget(SearchDocument.answer_id == answer.id)


def rebuild_index() -> int:
    """Index every live post and answer anew (after a bulk load, or to repair the index) in a
    few set-based statements; how many documents it holds. The caller commits."""
    from server.answers.models import Answer  # the features whose words are indexed
    from server.posts.models import Post

    db.session.execute(delete(SearchDocument))
    shown = (Post.deleted_at.is_(None), Post.hidden_at.is_(None))
    db.session.execute(
        insert(SearchDocument).from_select(["post_id", "answer_id"], select(Post.id, null()).where(*shown))
    )
    db.session.execute(
        insert(SearchDocument).from_select(
            ["post_id", "answer_id"],
            select(Answer.post_id, Answer.id)
            .join(Post, Post.id == Answer.post_id)
            .where(Answer.deleted_at.is_(None), Answer.hidden_at.is_(None), *shown),
        )
    )
    search_backend(db.session).rebuild(db.session)
    return db.session.execute(select(func.count()).select_from(SearchDocument)).scalar_one()
