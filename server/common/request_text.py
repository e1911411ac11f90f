"""Reading what a client sent (a JSON body, a query string, a form) without letting its
shape or its bytes break the reader.

Bytes that are not UTF-8 become lone surrogates (Python's `surrogateescape`) instead of an
error here or a silent U+FFFD: the field that holds them then refuses them by name
(server.common.fields.text_problem), and outside any string a JSON body is malformed.
A JSON body nested deeper than JSON_MAX_DEPTH is refused before Python's recursive parser
sees it.
"""

import json
import re
from urllib.parse import parse_qsl

from werkzeug.datastructures import MultiDict

from shared.limits import JSON_MAX_DEPTH

# A JSON string, escapes included (unrolled so that long strings cost one pass).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
BRACKETS = re.compile(r"[\[\]{}]")
TOO_DEEP_MESSAGE = f"Nested deeper than {JSON_MAX_DEPTH} levels of arrays and objects."


class TooDeeplyNested(ValueError):
    """A JSON document nests arrays and objects deeper than JSON_MAX_DEPTH."""


def as_text(raw: bytes) -> str:
    """`raw` as text, with bytes that are not UTF-8 kept as lone surrogates."""
    return raw.decode("utf-8", "surrogateescape")


def nests_deeper_than(text: str, limit: int) -> bool:
    """Whether the JSON in `text` opens more than `limit` arrays or objects inside each other."""
    depth = 0
    for bracket in BRACKETS.findall(JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def load_json(raw: bytes):
    """The JSON document in `raw`.

    Raises TooDeeplyNested, or json.JSONDecodeError for anything else that is not JSON
    (including an integer beyond Python's 4,300-digit limit, which it reports otherwise).
    """
    text = as_text(raw)
    if nests_deeper_than(text, JSON_MAX_DEPTH):
        raise TooDeeplyNested(TOO_DEEP_MESSAGE)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError as error:
        raise json.JSONDecodeError(str(error), text, 0) from None


def url_encoded_pairs(raw: bytes) -> MultiDict:
    """A query string or form body as a MultiDict, bytes that are not UTF-8 (raw or
    percent-encoded) kept as lone surrogates."""
    return MultiDict(parse_qsl(as_text(raw), keep_blank_values=True, errors="surrogateescape"))
