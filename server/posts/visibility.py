"""Who may see a post: the one rule every read path applies.

- `firm`: everyone signed in.
- `division`: people in the division the post was written for.
- `circle`: the author's circle: everyone they completed at least one trade with. The
  audience is the circle as it is when the post is read, not when it was written: someone
  who completes a first trade with the author later sees the author's earlier circle posts
  too. Completed trades are permanent, so circles only grow and nobody loses sight of a
  circle post they could see (unless the author narrows the audience or deletes the post).
- The author always sees their own posts; admins see every post (they moderate).
- Deleted posts are seen by nobody. Anything not visible answers 404, never 403.
"""

from flask_smorest import abort
from sqlalchemy import ColumnElement, and_, or_, select

from server.extensions import db
from server.posts.models import Post
from server.trust.service import circle_member_ids
from server.users.models import User
from shared.enums import Audience

NOT_FOUND_MESSAGE = "No such post."


def visible_post_condition(*, viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on `Post` that holds for exactly the posts `viewer` may see."""
    not_deleted = Post.deleted_at.is_(None)
    if viewer.is_admin:
        return not_deleted
    return and_(
        not_deleted,
        or_(
            Post.audience == Audience.FIRM.value,
            and_(Post.audience == Audience.DIVISION.value, Post.division_id == viewer.division_id),
            Post.author_id == viewer.id,
            and_(Post.audience == Audience.CIRCLE.value,
                 Post.author_id.in_(circle_member_ids(user_id=viewer.id))),
        ),
    )


def visible_post_ids(*, viewer: User):
    """A select of the ids of the posts `viewer` may see, for use inside other queries."""
    return select(Post.id).where(visible_post_condition(viewer=viewer))


def visible_among(post_ids, *, viewer: User) -> set[int]:
    """Which of `post_ids` `viewer` may see: a link to any other post is not shown to them."""
    post_ids = {post_id for post_id in post_ids if post_id is not None}
    if not post_ids:
        return set()
    return set(db.session.execute(visible_post_ids(viewer=viewer).where(Post.id.in_(post_ids))).scalars())


def get_visible_post(*, post_id: int, viewer: User) -> Post:
    """The post if `viewer` may see it; otherwise 404, as if it did not exist."""
    post = db.session.execute(
        select(Post).where(Post.id == post_id, visible_post_condition(viewer=viewer))
    ).scalar_one_or_none()
    if post is None:
        abort(404, message=NOT_FOUND_MESSAGE)
    return post

