"""Who may see a post: the one rule every read path applies.

- `firm`: everyone signed in.
- `division`: people in the division the post was written for.
- `circle`: the author's circle: everyone they completed at least one trade with. The
  audience is the circle as it is when the post is read, not when it was written: someone
  who completes a first trade with the author later sees the author's earlier circle posts
  too. Completed trades are permanent, so circles only grow and nobody loses sight of a
  circle post they could see (unless the author narrows the audience or deletes the post).
- The author always sees their own posts; admins see every post (they moderate).
- A post an admin hid (server.moderation) is seen only by its author (marked hidden, with
  the admin's reason, so they understand) and by admins, until it is restored.
- Deleted posts are seen by nobody. Anything not visible answers 404, never 403.

An answer follows its post, and the same rule of its own: a hidden answer is seen only by
its author and admins (`visible_answer_condition`).
"""

import functools

from flask_smorest import abort
from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select

from server.extensions import db
from server.posts.models import Post
from server.trust.service import circle_member_ids
from server.users.models import User
from shared.enums import Audience

NOT_FOUND_MESSAGE = "No such post."


def visible_post_condition(*, viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on `Post` that holds for exactly the posts `viewer` may see."""
    return post_visibility(viewer_id=viewer.id, division_id=viewer.division_id, is_admin=viewer.is_admin)


def post_visibility(*, viewer_id, division_id, is_admin: bool) -> ColumnElement[bool]:
    """`visible_post_condition` for a viewer given by their id and division (values, or bind
    parameters for a statement built once: `viewer_parameters`) and whether they are an admin."""
    not_deleted = Post.deleted_at.is_(None)
    if is_admin:
        return not_deleted
    return and_(
        not_deleted,
        or_(Post.hidden_at.is_(None), Post.author_id == viewer_id),
        or_(
            Post.audience == Audience.FIRM.value,
            and_(Post.audience == Audience.DIVISION.value, Post.division_id == division_id),
            Post.author_id == viewer_id,
            and_(Post.audience == Audience.CIRCLE.value, Post.author_id.in_(circle_member_ids(user_id=viewer_id))),
        ),
    )


def viewer_parameters(viewer: User) -> dict:
    """The values of the viewer's bind parameters in the statements built once below."""
    return {"viewer_id": viewer.id, "viewer_division_id": viewer.division_id}


def viewer_visibility(*, is_admin: bool) -> ColumnElement[bool]:
    """`post_visibility` of the viewer whose `viewer_parameters` the statement is run with."""
    return post_visibility(
        viewer_id=bindparam("viewer_id"), division_id=bindparam("viewer_division_id"), is_admin=is_admin
    )


# The statements every read of a post or a feed page starts from, built once per kind of
# viewer and run with `viewer_parameters`: building the audience rule costs as much as
# running the statement that holds it.


@functools.cache
def visible_posts_statement(*, is_admin: bool) -> Select:
    """The posts the viewer may see (the feed adds its filters)."""
    return select(Post).where(viewer_visibility(is_admin=is_admin))


@functools.cache
def visible_post_statement(*, is_admin: bool) -> Select:
    """The post `:post_id`, if the viewer may see it."""
    return select(Post).where(Post.id == bindparam("post_id"), viewer_visibility(is_admin=is_admin))


@functools.cache
def visible_post_id_statement(*, is_admin: bool) -> Select:
    """The id of the post `:post_id`, if the viewer may see it."""
    return select(Post.id).where(Post.id == bindparam("post_id"), viewer_visibility(is_admin=is_admin))


def visible_answer_condition(*, viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on `Answer` for the answers `viewer` may see among those of posts they
    may see (apply `visible_post_condition` to the answer's post as well)."""
    return answer_visibility(viewer_id=viewer.id, is_admin=viewer.is_admin)


def answer_visibility(*, viewer_id, is_admin: bool) -> ColumnElement[bool]:
    """`visible_answer_condition` for a viewer given by id (a value or a bind parameter, for a
    statement built once and run for every viewer of one kind) and whether they are an admin."""
    from server.answers.models import Answer  # answers build on posts, not the other way

    not_deleted = Answer.deleted_at.is_(None)
    if is_admin:
        return not_deleted
    return and_(not_deleted, or_(Answer.hidden_at.is_(None), Answer.author_id == viewer_id))


def not_hidden_condition(*models) -> ColumnElement[bool]:
    """A WHERE clause holding where none of `models` (Post, Answer or aliases of them) is
    hidden: for figures that count work whoever looks (experts' evidence, analytics, a
    topic's page), where hidden content counts for nobody, its author and admins included."""
    return and_(*(model.hidden_at.is_(None) for model in models))


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
        visible_post_statement(is_admin=viewer.is_admin), {"post_id": post_id, **viewer_parameters(viewer)}
    ).scalar_one_or_none()
    if post is None:
        abort(404, message=NOT_FOUND_MESSAGE)
    return post


def require_visible_post(*, post_id: int, viewer: User) -> None:
    """404 unless `viewer` may see the post, as `get_visible_post` answers, without loading
    it: for reads of what hangs off a post (its answers), which show nothing of the post."""
    found = db.session.execute(
        visible_post_id_statement(is_admin=viewer.is_admin), {"post_id": post_id, **viewer_parameters(viewer)}
    ).first()
    if found is None:
        abort(404, message=NOT_FOUND_MESSAGE)
