"""Search: the posts and answers a caller may see that match what they typed, best first.

One results contract on both databases (server.search.backends does the matching and
ranking): each result is a post, or an answer with the post it answers, with the title
and a snippet cut into segments that say which words matched. Who may see what is the
posts' one rule (server.posts.visibility), applied in the same query, so a result, a
count or a page boundary never reveals a post the caller may not see. Hidden posts and
answers (server.moderation) are found by nobody, admins and their authors included: they
leave the index when hidden (server.search.index) and the query leaves them out too.
"""

import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import Float, and_, case, cast, func, or_, select

from server.answers.models import Answer
from server.common.clock import utcnow
from server.common.firm_time import start_of_firm_date
from server.common.pagination import Page, decode_cursor, encode_cursor, refuse_cursor
from server.common.validation import refuse_field
from server.extensions import db
from server.posts.models import Post
from server.posts.service import describe_posts
from server.posts.visibility import not_hidden_condition, visible_post_condition
from server.search.backends import START, STOP, search_backend
from server.search.models import SearchDocument
from server.search.query import WORD, QueryError, SearchQuery, Term, parse_query
from server.tags.models import Tag
from server.users.models import User
from shared.freshness import STALE_SEARCH_FACTOR


def marked_segments(marked: str | None) -> list[dict]:
    """`[{text, match}]` from text whose matches are wrapped in START … STOP."""
    segments = []
    for index, part in enumerate((marked or "").replace(STOP, START).split(START)):
        if part:
            segments.append({"text": part, "match": index % 2 == 1})
    return segments


def fresh_first(statement, *, now):
    """`statement`, a backend's ranked select, with its `score` replaced by the one results
    are ordered and paged by: an insight that may be out of date (server.freshness) scores
    STALE_SEARCH_FACTOR of its match, so an equally matching fresh one comes first."""
    ranked = statement.subquery()
    factor = case((ranked.c.stale_after <= now, STALE_SEARCH_FACTOR), else_=1.0)
    columns = [column for column in ranked.c if column.key not in ("score", "stale_after")]
    return select(*columns, cast(ranked.c.score * factor, Float).label("score")).subquery()


def ranked_documents(statement, *, query: SearchQuery, newest: int | None = None):
    """The matches among `statement`'s documents (a select over SearchDocument joined to
    Post), as a subquery with a `score` (lower is better): the backend's match, fresh
    insights first. Retired insights are history, never results. With `newest`, only the
    newest that many of the matches are ranked (see `similar_posts`)."""
    statement = statement.where(Post.retired_at.is_(None)).add_columns(Post.stale_after)
    matched = search_backend(db.session).narrow(statement, document_id=SearchDocument.id, query=query, newest=newest)
    return fresh_first(matched, now=utcnow())


def search(*, viewer: User, text: str, filters: dict, limit: int, cursor: str | None) -> Page:
    """What matches `text` among what `viewer` may see, narrowed by `filters`, best first."""
    try:
        query = parse_query(text)
    except QueryError as error:
        refuse_field(field="q", message=str(error), location="query")
    document_date = func.coalesce(Answer.created_at, Post.created_at)
    statement = (
        select(SearchDocument.id.label("document_id"), SearchDocument.post_id, SearchDocument.answer_id)
        .join(Post, Post.id == SearchDocument.post_id)
        .outerjoin(Answer, Answer.id == SearchDocument.answer_id)
        .where(
            visible_post_condition(viewer=viewer),
            not_hidden_condition(Post),
            or_(SearchDocument.answer_id.is_(None), and_(Answer.deleted_at.is_(None), Answer.hidden_at.is_(None))),
        )
    )
    statement = _filtered(statement, filters=filters, document_date=document_date)
    backend = search_backend(db.session)
    ranked = ranked_documents(statement, query=query)
    page = select(ranked).order_by(ranked.c.score, ranked.c.document_id)
    if cursor is not None:
        last_score, last_id = _position(cursor)
        page = page.where(
            or_(ranked.c.score > last_score, and_(ranked.c.score == last_score, ranked.c.document_id > last_id))
        )
    rows = db.session.execute(page.limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([repr(rows[-1].score), rows[-1].document_id])
    marks = backend.marked(db.session, document_ids=[row.document_id for row in rows], query=query)
    return Page(_results(rows, marks=marks, viewer=viewer), next_cursor)


def _filtered(statement, *, filters: dict, document_date):
    if "kind" in filters:
        statement = statement.where(Post.kind == filters["kind"])
    if "status" in filters:
        statement = statement.where(Post.status == filters["status"])
    if "tag" in filters:
        statement = statement.where(Post.tags.any(Tag.name == filters["tag"]))
    if "account" in filters:
        statement = statement.where(func.lower(Post.account) == filters["account"].lower())
    if "author" in filters:
        statement = statement.where(func.coalesce(Answer.author_id, Post.author_id) == filters["author"])
    if filters.get("type") == "post":
        statement = statement.where(SearchDocument.of_a_post())
    elif filters.get("type") == "answer":
        statement = statement.where(SearchDocument.answer_id.is_not(None))
    if "since" in filters:
        statement = statement.where(document_date >= start_of_firm_date(filters["since"]))
    if "until" in filters:
        statement = statement.where(document_date < start_of_firm_date(filters["until"] + timedelta(days=1)))
    return statement


def _position(cursor: str) -> tuple[float, int]:
    score, document_id = decode_cursor(cursor, str, int)
    try:
        value = float(score)
    except ValueError:
        refuse_cursor()
    if not math.isfinite(value):
        refuse_cursor()
    return value, document_id


def _results(rows, *, marks: dict[int, tuple[str, str]], viewer: User) -> list[dict]:
    posts = {
        post.id: post
        for post in db.session.execute(select(Post).where(Post.id.in_({row.post_id for row in rows}))).scalars()
    }
    describe_posts(posts=list(posts.values()), viewer=viewer)
    answers = {
        answer.id: answer
        for answer in db.session.execute(
            select(Answer).where(Answer.id.in_({row.answer_id for row in rows if row.answer_id}))
        ).scalars()
    }
    results = []
    for row in rows:
        title_marked, snippet = marks.get(row.document_id, ("", ""))
        results.append(
            {
                "type": "answer" if row.answer_id else "post",
                "post": posts[row.post_id],
                "answer": answers.get(row.answer_id),
                "title": marked_segments(title_marked) or [{"text": posts[row.post_id].title, "match": False}],
                "snippet": marked_segments(snippet),
            }
        )
    return results


def similar_posts(
    *,
    viewer: User,
    text: str,
    kinds: tuple[str, ...] = (),
    statuses: tuple[str | None, ...] = (),
    exclude_post_id: int | None = None,
    limit: int = 10,
) -> list[int]:
    """Ids of the posts `viewer` may see whose words are most like `text`, best first.

    Any of the text's words will do (a post sharing more of them, or rarer ones, ranks
    higher); `statuses` may hold None for insights, which have no status. Text with no word
    to look for finds nothing. The candidates are the newest LIKENESS_CANDIDATES (a setting)
    posts that share a word with the text and meet every condition, the audience rule
    included: the window counts only what the viewer may see, so which posts it holds says
    nothing about any other.
    """
    query = similar_query(text)
    if query is None:
        return []
    statement = (
        select(SearchDocument.id.label("document_id"), SearchDocument.post_id)
        .join(Post, Post.id == SearchDocument.post_id)
        .where(SearchDocument.of_a_post(), visible_post_condition(viewer=viewer), not_hidden_condition(Post))
    )
    if kinds:
        statement = statement.where(Post.kind.in_(kinds))
    if statuses:
        named = [status for status in statuses if status is not None]
        statement = statement.where(
            or_(Post.status.in_(named), Post.status.is_(None)) if None in statuses else Post.status.in_(named)
        )
    if exclude_post_id is not None:
        statement = statement.where(Post.id != exclude_post_id)
    # Likeness looks for any of a text's dozen telling words, which most of a large firm's
    # writing shares: ranking every match cost about 200 ms a post on SQLite at 100,000
    # documents, growing with the firm. The newest posts are also the likeliest to hold
    # today's answer. A search still ranks all its matches: what it looks for is what the
    # person typed.
    ranked = ranked_documents(statement, query=query, newest=current_app.config["LIKENESS_CANDIDATES"])
    return list(
        db.session.execute(
            select(ranked.c.post_id).order_by(ranked.c.score, ranked.c.document_id).limit(limit)
        ).scalars()
    )


def similar_query(text: str, *, most_words: int = 12) -> SearchQuery | None:
    """Any of the telling words of `text` (three letters or more, the longest first: they
    say most about a topic), or None when it has none."""
    words = sorted({word.lower() for word in WORD.findall(text) if len(word) >= 3}, key=lambda word: (-len(word), word))
    if not words:
        return None
    return SearchQuery(groups=[[Term(words=(word,)) for word in words[:most_words]]])
