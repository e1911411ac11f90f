"""Related content: what may already answer a challenge, and what an insight may answer.

- Composing a challenge (or reading one): the insights and solved challenges most like it,
  "this may already answer you".
- An insight, new or old: the open challenges it may answer; its author can then link it as
  an answer in one step (POST /posts/{challenge}/answers with `insight_id`).

Likeness is the search index's (server.search.service.similar_posts), over what the caller
may see, among the newest posts that share a word with the text (QUID_LIKENESS_CANDIDATES).
"""

from sqlalchemy import select

from server.answers.models import Answer
from server.extensions import db
from server.posts.models import Post
from server.posts.service import describe_posts
from server.posts.visibility import get_visible_post
from server.search.service import similar_posts
from server.users.models import User
from shared.enums import UNSOLVED_STATUSES, ChallengeStatus, PostKind

RELATED_POSTS = 5


def related_to_text(
    *, viewer: User, kind: str, text: str, exclude_post_id: int | None = None, exclude_post_ids: set[int] = frozenset()
) -> list[Post]:
    """For a challenge's `text`: insights and solved challenges like it; for an insight's: the
    open challenges it may answer. Best first, at most RELATED_POSTS."""
    if kind == PostKind.CHALLENGE.value:
        found = similar_posts(
            viewer=viewer,
            text=text,
            kinds=(PostKind.INSIGHT.value, PostKind.CHALLENGE.value),
            statuses=(ChallengeStatus.SOLVED.value, None),
            exclude_post_id=exclude_post_id,
            limit=RELATED_POSTS + len(exclude_post_ids),
        )
    else:
        found = similar_posts(
            viewer=viewer,
            text=text,
            kinds=(PostKind.CHALLENGE.value,),
            statuses=UNSOLVED_STATUSES,
            exclude_post_id=exclude_post_id,
            limit=RELATED_POSTS + len(exclude_post_ids),
        )
    found = [post_id for post_id in found if post_id not in exclude_post_ids][:RELATED_POSTS]
    posts = {post.id: post for post in db.session.execute(select(Post).where(Post.id.in_(found))).scalars()}
    return describe_posts(posts=[posts[post_id] for post_id in found], viewer=viewer)


def related_to_post(*, post_id: int, viewer: User) -> list[Post]:
    """What is related to a post the viewer may see (see the module docstring); for an
    insight, the challenges it already answers are left out."""
    post = get_visible_post(post_id=post_id, viewer=viewer)
    answered = set()
    if post.kind == PostKind.INSIGHT.value:
        answered = set(
            db.session.execute(
                select(Answer.post_id).where(Answer.insight_id == post.id, Answer.deleted_at.is_(None))
            ).scalars()
        )
    return related_to_text(
        viewer=viewer,
        kind=post.kind,
        text=f"{post.title} {post.body}",
        exclude_post_id=post.id,
        exclude_post_ids=answered,
    )
