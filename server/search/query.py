"""What a person types into search, read into terms both databases can run.

The syntax is the one people know from web search:

- words: every word must appear, in any inflection ("price" finds "pricing"); the last
  word also matches as a prefix, so results come while someone is still typing;
- `"a quoted phrase"`: these words in this order;
- `-word` or `-"a phrase"`: leave out what contains it;
- `OR` between two terms: either will do.

Only letters and digits make words, so nothing typed reaches a database's own query
syntax; what cannot be read (an unclosed quote, only exclusions, nothing to look for)
raises QueryError with a sentence for the person.
"""

import re
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W_]+")
# A term: an optional minus, then a quoted phrase (closed or not) or a run of other characters.
TERM = re.compile(r'(-?)(?:"([^"]*)("?)|([^\s"]+))')
MAX_TERMS = 12


class QueryError(ValueError):
    """A search query that cannot be read; the message says why, for the person."""


@dataclass(frozen=True)
class Term:
    """Words that must appear together in this order (one word for a plain term)."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class SearchQuery:
    """All `groups` must match (each group: any of its terms) and no `excluded` term may."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def parse_query(text: str) -> SearchQuery:
    """Read `text` (see the module's docstring); QueryError when it cannot be."""
    query = SearchQuery()
    pending_or = False
    last_positive: Term | None = None
    tokens = list(TERM.finditer(text.strip()))
    if len(tokens) > MAX_TERMS:
        raise QueryError(f"Use at most {MAX_TERMS} words or phrases.")
    for match in tokens:
        minus, phrase, closing, bare = match.groups()
        if phrase is not None and not closing:
            raise QueryError('A quote is not closed: end the phrase with ".')
        if bare == "OR" and not minus:
            if not query.groups or pending_or:
                raise QueryError("OR stands between two words or phrases.")
            pending_or = True
            continue
        words = tuple(word.lower() for word in WORD.findall(phrase if phrase is not None else bare))
        if not words:
            continue
        term = Term(words=words)
        if minus:
            if pending_or:
                raise QueryError("OR stands between two words or phrases, not before a left-out one.")
            query.excluded.append(term)
            continue
        if pending_or:
            query.groups[-1].append(term)
            pending_or = False
        else:
            query.groups.append([term])
        last_positive = (term, phrase is None)
    if pending_or:
        raise QueryError("OR stands between two words or phrases.")
    if not query.groups:
        raise QueryError(
            "Say what to look for: a word or a quoted phrase."
            if not query.excluded
            else "Say what to look for, not only what to leave out."
        )
    last_term, is_bare = last_positive
    if is_bare:
        # As-you-type: the last bare word also matches words it begins.
        for group in query.groups:
            for index, term in enumerate(group):
                if term is last_term:
                    group[index] = Term(words=term.words, prefix=True)
    return query
