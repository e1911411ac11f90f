"""Marshmallow fields with Quid's input conventions."""

from marshmallow import fields, validate

from shared.limits import TAG_MAX_LENGTH, TAG_PATTERN


class TrimmedString(fields.String):
    """A string with surrounding whitespace removed before it is validated."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class TagName(fields.String):
    """A tag: lower-cased and trimmed, then `[a-z0-9-]{1,32}`."""

    def __init__(self, **kwargs):
        super().__init__(
            validate=validate.Regexp(
                TAG_PATTERN,
                error=f"Tags are 1–{TAG_MAX_LENGTH} characters of a–z, 0–9 and '-'.",
            ),
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().lower()


class TagList(fields.List):
    """Up to `maximum` tags; a tag given twice counts once."""

    def __init__(self, *, maximum: int, **kwargs):
        super().__init__(TagName(), validate=validate.Length(max=maximum),
                         metadata={"description": f"Up to {maximum} tags."}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return list(dict.fromkeys(super()._deserialize(value, attr, data, **kwargs)))
