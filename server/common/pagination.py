"""Keyset pagination: pages follow a strictly ordered key, so nothing repeats or is skipped
while new rows arrive, and the cursor is opaque to clients."""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from flask_smorest import abort
from sqlalchemy import Select

from server.common.fields import is_clean_text
from server.extensions import db
from shared.limits import ID_MAX


@dataclass
class Page:
    """One page of results and the cursor that continues after it (None on the last page)."""

    items: list[Any]
    next_cursor: str | None


def encode_cursor(position: list) -> str:
    """An opaque cursor for a position in an ordering."""
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *kinds: type) -> list:
    """The position inside a cursor, one value of each of `kinds` (int or str); a cursor that
    was not ours answers 422 naming it.

    A cursor is the client's to send back, so it is input like any other: its numbers must
    be ones the database can hold (0 to ID_MAX) and its text storable, or a forged cursor
    would reach the database and fail there.
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        position = None
    if (
        not isinstance(position, list)
        or len(position) != len(kinds)
        or not all(is_cursor_value(value, kind) for value, kind in zip(position, kinds))
    ):
        refuse_cursor()
    return position


def is_cursor_value(value, kind: type) -> bool:
    """Whether `value` is a `kind` this API could have put in a cursor."""
    if kind is int:
        return type(value) is int and 0 <= value <= ID_MAX
    if kind is str:
        return isinstance(value, str) and is_clean_text(value)
    raise TypeError(f"cursors hold int and str, not {kind}")


def refuse_cursor():
    """Answer 422 for a cursor this API did not issue."""
    abort(
        422,
        message="Invalid input: cursor: not a cursor this API issued.",
        errors={"query": {"cursor": ["Not a cursor this API issued."]}},
    )


def page_by_id(
    statement: Select,
    *,
    id_column,
    limit: int,
    cursor: str | None,
    newest_first: bool = True,
    parameters: dict | None = None,
) -> Page:
    """Page `statement` (selecting one entity) by its increasing integer id; `parameters`: the
    values of its bind parameters, if it has any (a statement built once)."""
    if cursor is not None:
        (last_id,) = decode_cursor(cursor, int)
        statement = statement.where(id_column < last_id if newest_first else id_column > last_id)
    ordering = id_column.desc() if newest_first else id_column.asc()
    rows = db.session.execute(statement.order_by(ordering).limit(limit + 1), parameters).scalars().all()
    items = list(rows[:limit])
    next_cursor = encode_cursor([items[-1].id]) if len(rows) > limit else None
    return Page(items, next_cursor)
