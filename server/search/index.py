"""Keeping the search index current, in the transaction of the change itself.

The posts and answers services call these as they create, edit and delete, so a search
never finds words a post no longer has, nor misses the ones it was just given.
"""

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from server.extensions import db
from server.search.backends import search_backend
from server.search.models import SearchDocument


def _document(*, post_id: int, answer_id: int | None) -> SearchDocument:
    """The index's document for a post or an answer, made when it has none."""
    document = db.session.execute(select(SearchDocument).where(
        SearchDocument.post_id == post_id,
        SearchDocument.answer_id.is_(None) if answer_id is None else SearchDocument.answer_id == answer_id,
    )).scalar_one_or_none()
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
        db.session, document_id=document.id, title=post.title, body=post.body,
        tags=" ".join(tag.name for tag in post.tags), account=post.account or "")


def index_answer(*, answer) -> None:
    """Index an answer's text, unless it or its post is hidden."""
    if answer.hidden_at is not None or answer.post.hidden_at is not None:
        return
    document = _document(post_id=answer.post_id, answer_id=answer.id)
    search_backend(db.session).write(db.session, document_id=document.id, title="", body=answer.body,
                                     tags="", account="")


def index_post_and_answers(*, post) -> None:
    """Index a post and its live answers (a post shown again after it was hidden)."""
    from server.answers.models import Answer  # answers are indexed with the post they answer

    index_post(post=post)
    for answer in db.session.execute(select(Answer).where(Answer.post_id == post.id, Answer.deleted_at.is_(None))
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


def rebuild_index(*, batch: int = 500) -> int:
    """Index every live post and answer anew (after a bulk load, or to repair the index);
    how many documents it holds. The caller commits."""
    backend = search_backend(db.session)
    for document_id in db.session.execute(select(SearchDocument.id)).scalars().all():
        backend.remove(db.session, document_id=document_id)
    db.session.execute(delete(SearchDocument))
    from server.answers.models import Answer  # the features whose words are indexed
    from server.posts.models import Post

    count = 0
    for model, index in ((Post, index_post), (Answer, index_answer)):
        last_id = 0
        while True:
            statement = (select(model).where(model.id > last_id, model.deleted_at.is_(None), model.hidden_at.is_(None))
                         .order_by(model.id))
            if model is Post:
                statement = statement.options(selectinload(Post.tags))
            else:
                statement = statement.where(Answer.post.has(Post.deleted_at.is_(None) & Post.hidden_at.is_(None)))
            rows = db.session.execute(statement.limit(batch)).scalars().all()
            if not rows:
                break
            for row in rows:
                index(**{"post" if model is Post else "answer": row})
            count += len(rows)
            last_id = rows[-1].id
    return count
