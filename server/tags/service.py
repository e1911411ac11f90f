"""Tags: suggestions while composing, and resolving names to rows."""

from flask_smorest import abort
from sqlalchemy import and_, func, select

from server.common.clock import utcnow
from server.common.pagination import Page, decode_cursor, encode_cursor, refuse_cursor
from server.extensions import db
from server.tags.models import Tag, post_tags


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


def tags_for_post(*, names: list[str], author_id: int) -> list[Tag]:
    """The tags called `names`, creating the ones that do not exist yet."""
    names = list(dict.fromkeys(names))
    found = {tag.name: tag for tag in db.session.execute(select(Tag).where(Tag.name.in_(names))).scalars()}
    for name in names:
        if name not in found:
            found[name] = Tag(name=name, created_by_id=author_id, created_at=utcnow())
            db.session.add(found[name])
    return [found[name] for name in names]


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
        position = decode_cursor(cursor)
        if len(position) != 2 or not isinstance(position[0], int) or not isinstance(position[1], str):
            refuse_cursor()
        last_count, last_name = position
        statement = statement.having(
            (use_count < last_count) | ((use_count == last_count) & (Tag.name > last_name))
        )
    rows = db.session.execute(statement.order_by(use_count.desc(), Tag.name).limit(limit + 1)).all()
    items = [{"name": name, "use_count": count} for name, count in rows[:limit]]
    next_cursor = encode_cursor([items[-1]["use_count"], items[-1]["name"]]) if len(rows) > limit else None
    return Page(items, next_cursor)
