"""Refusing one field of the input from inside a service, in the same shape as schema errors."""

from flask_smorest import abort


def refuse_field(*, field: str, message: str, location: str = "json") -> None:
    """Answer 422 naming `field` (dotted for nested fields, e.g. `ask.due`)."""
    errors: dict = {}
    node = errors
    *parents, leaf = field.split(".")
    for parent in parents:
        node = node.setdefault(parent, {})
    node[leaf] = [message]
    abort(422, message=f"Invalid input: {field}: {message.rstrip('.')}.", errors={location: errors})
