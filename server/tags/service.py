"""Tags: suggestions while composing, and resolving names to rows.

A tag exists, for a viewer, when it is listed to them (`listed_tag_condition`): one standing
alone in the firm's vocabulary, one carried by a post they may see, or one they made. A tag
born with a post they may not see is answered exactly like a name nobody has used, on every
path (suggestions, composing, expertise, adding a tag), so no path tells them it exists.
"""

from flask_smorest import abort
from sqlalchemy import ColumnElement, func, or_, select, true

from server.common.clock import utcnow
from server.common.pagination import Page, decode_cursor, encode_cursor
from server.extensions import db
from server.posts.visibility import visible_post_ids
from server.reputation.privileges import has_privilege, refusal_message, require_privilege
from server.tags.models import Tag, post_tags
from server.users.models import User
from shared.rules import Privilege


def listed_tag_condition(*, viewer: User, carried: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """A WHERE clause on `Tag` that holds for exactly the tags listed to `viewer`. `carried`:
    whether a post `viewer` may see carries the tag, when the statement knows it already."""
    if viewer.is_admin:
        return true()
    if carried is None:
        carried_by_visible_post = select(post_tags.c.tag_id).where(
            post_tags.c.post_id.in_(visible_post_ids(viewer=viewer))
        )
        carried = Tag.id.in_(carried_by_visible_post)
    return or_(Tag.stands_alone, Tag.created_by_id == viewer.id, carried)


def tags_named(names: list[str]) -> dict[str, Tag]:
    """The existing tags among `names`, by name, whoever may see them."""
    return {tag.name: tag for tag in db.session.execute(select(Tag).where(Tag.name.in_(names))).scalars()}


def listed_names(*, names, viewer: User) -> set[str]:
    """Which of `names` are tags listed to `viewer`."""
    if not names:
        return set()
    return set(
        db.session.execute(select(Tag.name).where(Tag.name.in_(names), listed_tag_condition(viewer=viewer))).scalars()
    )


def existing_tags(*, names: list[str], field: str, viewer: User) -> list[Tag]:
    """The tags called `names` listed to `viewer`; any other name answers 422 on `field`."""
    names = list(dict.fromkeys(names))
    if not names:
        return []
    listed = listed_names(names=names, viewer=viewer)
    unknown = [name for name in names if name not in listed]
    if unknown:
        message = f"Unknown tag{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."
        abort(422, message=f"Invalid input: {field}: {message}", errors={"json": {field: [message]}})
    found = tags_named(names)
    return [found[name] for name in names]


def tags_for_post(*, names: list[str], creator: User) -> list[Tag]:
    """The tags called `names`; new ones are created if `creator` may create tags (level 3).

    A name that exists but is not listed to `creator` is new to them: it needs the same
    privilege, and with it the existing tag is reused (names are unique).
    """
    names = list(dict.fromkeys(names))
    found = tags_named(names)
    listed = listed_names(names=list(found), viewer=creator)
    new_to_creator = [name for name in names if name not in listed]
    if new_to_creator:
        if not has_privilege(creator, Privilege.CREATE_TAGS):
            # Name the tags, so the person knows which to change for an existing one.
            needed = refusal_message(creator, Privilege.CREATE_TAGS)
            abort(403, message=f"{', '.join(new_to_creator)}: no such tag yet. {needed}")
        for name in new_to_creator:
            if name not in found:
                found[name] = Tag(name=name, created_by_id=creator.id, created_at=utcnow(), stands_alone=False)
                db.session.add(found[name])
        db.session.flush()
    return [found[name] for name in names]


def create_tag(*, name: str, creator: User) -> Tag:
    """Add a tag to the firm's vocabulary (level 3 or admin); 409 when it is already listed
    to `creator`. One born with a post `creator` may not see now stands alone, as if new."""
    require_privilege(creator, Privilege.CREATE_TAGS)
    if listed_names(names=[name], viewer=creator):
        abort(409, message=f"The tag {name} already exists.")
    tag = tags_named([name]).get(name)
    if tag is None:
        tag = Tag(name=name, created_by_id=creator.id, created_at=utcnow())
        db.session.add(tag)
    tag.stands_alone = True
    db.session.flush()
    return tag


def list_tags(*, viewer: User, prefix: str | None, limit: int, cursor: str | None) -> Page:
    """The tags listed to `viewer`, by how many posts they may see carry them (most first),
    then by name: neither the list nor its counts reveal a post outside their audience."""
    # Counted in one pass over the visible posts' tags, by tag (joined tag by tag, SQLite looked
    # every visible post up again for each tag); a tag they carry is listed.
    counts = (
        select(post_tags.c.tag_id, func.count().label("posts"))
        .where(post_tags.c.post_id.in_(visible_post_ids(viewer=viewer)))
        .group_by(post_tags.c.tag_id)
        .subquery("counts")
    )
    use_count = func.coalesce(counts.c.posts, 0).label("use_count")
    statement = (
        select(Tag.name, use_count)
        .outerjoin(counts, counts.c.tag_id == Tag.id)
        .where(listed_tag_condition(viewer=viewer, carried=counts.c.tag_id.is_not(None)))
    )
    if prefix:
        statement = statement.where(Tag.name.startswith(prefix.lower(), autoescape=True))
    if cursor is not None:
        last_count, last_name = decode_cursor(cursor, int, str)
        statement = statement.where((use_count < last_count) | ((use_count == last_count) & (Tag.name > last_name)))
    rows = db.session.execute(statement.order_by(use_count.desc(), Tag.name).limit(limit + 1)).all()
    items = [{"name": name, "use_count": count} for name, count in rows[:limit]]
    next_cursor = encode_cursor([items[-1]["use_count"], items[-1]["name"]]) if len(rows) > limit else None
    return Page(items, next_cursor)
