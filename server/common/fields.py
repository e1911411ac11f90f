"""Marshmallow fields with Quid's input conventions.

Every input field of the API is one of these (or an Enum, Boolean, Nested or List of
them): text without NUL or lone surrogates, ids the database can hold, numbers given as
numbers, and dates within DATE_YEARS as people write them.
"""

import contextvars
import re
from datetime import UTC, date, datetime, time

from marshmallow import ValidationError, fields, validate

from server.common.firm_time import firm_zone
from shared.limits import DATE_YEARS, ID_MAX, TAG_MAX_LENGTH, TAG_PATTERN


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored and shown, or None: a NUL character (PostgreSQL refuses it
    in text), or a lone surrogate, which is not a character and has no UTF-8. JSON can carry
    one escaped (`\\ud800`), and the body and query readers turn bytes that are not UTF-8
    into such surrogates (server.common.request_text) so that they are refused here, by field."""
    if "\x00" in text:
        return "Must not contain the NUL character."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Must be valid Unicode text (UTF-8 without lone surrogates)."
    return None


def is_clean_text(text: str) -> bool:
    """Whether `text` can be stored and shown (see text_problem)."""
    return text_problem(text) is None


class CleanString(fields.String):
    """A string that can be stored and shown (see text_problem)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem)
        return text


class TrimmedString(CleanString):
    """A string with surrounding whitespace removed before it is validated."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class TagName(CleanString):
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
        super().__init__(
            TagName(),
            validate=validate.Length(max=maximum),
            metadata={"description": f"Up to {maximum} tags."},
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs):
        return list(dict.fromkeys(super()._deserialize(value, attr, data, **kwargs)))


class EntityId(fields.Integer):
    """The id of something in the API: a whole number from 1 to ID_MAX (never a float or a
    string of digits in JSON, which marshmallow would otherwise accept)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(validate=validate.Range(min=1, max=ID_MAX), **kwargs)


# Set while a query string is loaded (server.common.blueprint.QuidParser): its values are text.
reading_query_string = contextvars.ContextVar("reading_query_string", default=False)
QUERY_BOOLEANS = {"true": True, "false": False}


class StrictBoolean(fields.Boolean):
    """A boolean as the document says: JSON's true or false, and in a query string the text
    `true` or `false`. marshmallow's own Boolean also takes 1, "yes", "on" and the like.
    BaseSchema makes every Boolean of the API one of these."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and reading_query_string.get() and value in QUERY_BOOLEANS:
            return QUERY_BOOLEANS[value]
        raise self.make_error("invalid", input=value)


class StrictFloat(fields.Float):
    """A number given as a JSON number: a string of digits is refused, as EntityId does."""

    def _validated(self, value):
        if isinstance(value, str):
            raise self.make_error("invalid")
        return super()._validated(value)


DATE_FORM = "a date (2026-12-20)"
MOMENT_FORMS = "a date (2026-12-20) or a date-time with its zone (2026-12-20T17:00:00+01:00)"
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
DATE_TIME_PATTERN = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?", re.ASCII
)


def check_year(year: int) -> None:
    """Refuse a year outside DATE_YEARS."""
    first, last = DATE_YEARS
    if not first <= year <= last:
        raise ValidationError(f"Out of range: use a date from {first} to {last}.")


class CalendarDate(CleanString):
    """A calendar day, written `2026-12-20`, within DATE_YEARS."""

    def __init__(self, **kwargs):
        metadata = {"format": "date", "example": "2026-12-20", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return value.isoformat() if value is not None else None

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not DATE_PATTERN.fullmatch(text):
            raise ValidationError(f"Use {DATE_FORM}.")
        check_year(int(text[:4]))
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationError(f"Not a day of the calendar; use {DATE_FORM}.") from None


START_OF_DAY = "start"
END_OF_DAY = "end"


class NaturalMoment(CleanString):
    """A moment as people write it, handed on as an aware UTC datetime:

    - a date-time with its zone (`2026-12-20T17:00:00+01:00`, or `Z`) is that moment;
    - a date-time without one is read in the firm's time zone (QUID_FIRM_TIMEZONE); one the
      clocks skip or pass twice there (summer time) is refused, asking for the zone;
    - a date (`2026-12-20`) is the start or the end of that day there, as `date_means` says
      (a deadline means its end, a filter from a day its start).

    The year must lie within DATE_YEARS.
    """

    def __init__(self, *, date_means: str, **kwargs):
        if date_means not in (START_OF_DAY, END_OF_DAY):
            raise ValueError(f"date_means must be {START_OF_DAY!r} or {END_OF_DAY!r}")
        self.date_means = date_means
        metadata = {
            "description": f"Give {MOMENT_FORMS}; a date means the {date_means} of that day and a "
            "date-time without a zone is read in the firm's time zone.",
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return value.isoformat() if value is not None else None

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if DATE_PATTERN.fullmatch(text):
            check_year(int(text[:4]))
            return self.day_boundary(self.parsed(date.fromisoformat, text))
        if not DATE_TIME_PATTERN.fullmatch(text):
            raise ValidationError(f"Use {MOMENT_FORMS}.")
        check_year(int(text[:4]))
        moment = self.parsed(datetime.fromisoformat, text)
        if moment.tzinfo is None:
            return firm_local_moment(moment)
        return moment.astimezone(UTC)

    @staticmethod
    def parsed(parse, text: str):
        try:
            return parse(text)
        except ValueError:
            raise ValidationError(f"Not a day and time of the calendar; use {MOMENT_FORMS}.") from None

    def day_boundary(self, day: date) -> datetime:
        """The first or the last moment of `day` in the firm's time zone, in UTC. Where the
        clocks go back at midnight the day ends on the later pass, and where they skip
        midnight it starts when the clocks resume."""
        if self.date_means == START_OF_DAY:
            local = datetime.combine(day, time.min, tzinfo=firm_zone())
        else:
            local = datetime.combine(day, time.max, tzinfo=firm_zone()).replace(fold=1)
        return local.astimezone(UTC)


def firm_local_moment(moment: datetime) -> datetime:
    """The naive `moment` read on the firm's clocks, in UTC; refused when those clocks skip
    it or show it twice (the change to and from summer time)."""
    zone = firm_zone()
    earlier, later = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    in_utc = earlier.astimezone(UTC)
    if in_utc.astimezone(zone).replace(tzinfo=None) != moment:
        raise ValidationError(
            f"{moment.isoformat()} does not exist in {zone.key} (the clocks skip it); "
            f"give its zone, as in {MOMENT_FORMS}."
        )
    if earlier.utcoffset() != later.utcoffset():
        offsets = " or ".join(format_offset(candidate) for candidate in (earlier, later))
        raise ValidationError(
            f"{moment.isoformat()} happens twice in {zone.key} (the clocks go back); give its zone: {offsets}."
        )
    return in_utc


def format_offset(moment: datetime) -> str:
    """`+01:00` for a moment an hour ahead of UTC."""
    return moment.isoformat()[-6:]
