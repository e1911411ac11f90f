"""Tags: suggestions while composing, and resolving names to rows."""

from flask_smorest import abort
from sqlalchemy import and_, func, select

from server.common.clock import utcnow
from server.common.pagination import Page, decode_cursor, encode_cursor
from server.extensions import db
from server.reputation.privileges import has_privilege, refusal_message, require_privilege
from server.tags.models import Tag, post_tags
from server.users.models import User
from shared.rules import Privilege


def existing_tags(*, names: list[str], field: str) -> list[Tag]:
    """The tags called `names`; any unknown name answers 422 on `field`."""
    names = list(dict.fromkeys(names))
    if not names:
        return []
    found = {tag.name: tag for tag in db.session.execute(select(Tag).where(Tag.name.in_(names))).scalars()}
    unknown = [name for name in names if name not in found]
    if unknown:
        message = f"Unknown tag{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."
        abort(422, message=f"Invalid input: {field}: {message}", errors={"json": {field: [message]}})
    return [found[name] for name in names]


def tags_for_post(*, names: list[str], creator: User) -> list[Tag]:
    """The tags called `names`; new ones are created if `creator` may create tags (level 3)."""
    names = list(dict.fromkeys(names))
    found = {tag.name: tag for tag in db.session.execute(select(Tag).where(Tag.name.in_(names))).scalars()}
    new_names = [name for name in names if name not in found]
    if new_names:
        if not has_privilege(creator, Privilege.CREATE_TAGS):
            # Name the tags, so the person knows which to change for an existing one.
            needed = refusal_message(creator, Privilege.CREATE_TAGS)
            abort(403, message=f"{', '.join(new_names)}: no such tag yet. {needed}")
        for name in new_names:
            found[name] = create_tag(name=name, creator=creator)
    return [found[name] for name in names]


def create_tag(*, name: str, creator: User) -> Tag:
    """A new tag (level 3 or admin); 409 when it exists."""
    require_privilege(creator, Privilege.CREATE_TAGS)
    if db.session.execute(select(Tag.id).where(Tag.name == name)).first():
        abort(409, message=f"The tag {name} already exists.")
    tag = Tag(name=name, created_by_id=creator.id, created_at=utcnow())
    db.session.add(tag)
    db.session.flush()
    return tag


def list_tags(*, visible_post_ids, prefix: str | None, limit: int, cursor: str | None) -> Page:
    """Tags by how many visible posts carry them (most first), then by name.

    `visible_post_ids` is a select of the post ids the caller may see, so that counts never
    reveal posts outside the caller's audience.
    """
    use_count = func.count(post_tags.c.post_id).label("use_count")
    statement = (
        select(Tag.name, use_count)
        .outerjoin(post_tags, and_(post_tags.c.tag_id == Tag.id,
                                   post_tags.c.post_id.in_(visible_post_ids)))
        .group_by(Tag.id, Tag.name)
    )
    if prefix:
        statement = statement.where(Tag.name.startswith(prefix.lower(), autoescape=True))
    if cursor is not None:
        last_count, last_name = decode_cursor(cursor, int, str)
        statement = statement.having(
            (use_count < last_count) | ((use_count == last_count) & (Tag.name > last_name))
        )
    rows = db.session.execute(statement.order_by(use_count.desc(), Tag.name).limit(limit + 1)).all()
    items = [{"name": name, "use_count": count} for name, count in rows[:limit]]
    next_cursor = encode_cursor([items[-1]["use_count"], items[-1]["name"]]) if len(rows) > limit else None
    return Page(items, next_cursor)
