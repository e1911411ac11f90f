"""Marshmallow fields with Quid's input conventions."""

from datetime import UTC

from marshmallow import ValidationError, fields, validate

from shared.limits import ID_MAX, TAG_MAX_LENGTH, TAG_PATTERN


class CleanString(fields.String):
    """A string that can be stored and shown: no NUL character (PostgreSQL refuses it in text)
    and no lone surrogate (JSON can carry `\\ud800`, which is not a character and has no UTF-8)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain the NUL character.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Must be valid Unicode text (it holds a lone surrogate).") from None
        return text


class TrimmedString(CleanString):
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


class EntityId(fields.Integer):
    """The id of something in the API: a whole number from 1 to ID_MAX (never a float or a
    string of digits in JSON, which marshmallow would otherwise accept)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(validate=validate.Range(min=1, max=ID_MAX), **kwargs)


class UtcMoment(fields.AwareDateTime):
    """A date-time with its zone, handed on in UTC; one that has no UTC equivalent (the last
    hours of year 9999 west of Greenwich) is refused instead of overflowing later."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError("Out of range: the moment has no UTC equivalent.") from None
