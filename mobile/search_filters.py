"""What the Search screen's filter chips mean as GET /search parameters, and its rows.

Pure functions over the API's JSON (no widgets), so they are testable on their own.
"""

from mobile.ui.highlight import highlighted
from mobile.ui.text import post_kind_name, time_ago

# The first row of chips: what kind of result.
TYPE_FILTERS = {
    "All": {},
    "Challenges": {"type": "post", "kind": "challenge"},
    "Insights": {"type": "post", "kind": "insight"},
    "Answers": {"type": "answer"},
}
# The second row, shown with "Challenges": where the challenge stands.
STATUS_FILTERS = {
    "Any": {},
    "Open": {"status": "open"},
    "Answered": {"status": "answered"},
    "Solved": {"status": "solved"},
}
STATUS_WORDS = {"open": "open", "answered": "answered", "solved": "solved", "closed": "closed"}


def search_query(text: str, type_filter: str, status_filter: str) -> dict:
    """The GET /search query for the words typed and the chips chosen."""
    query = {"q": text.strip(), **TYPE_FILTERS.get(type_filter, {})}
    if type_filter == "Challenges":
        query.update(STATUS_FILTERS.get(status_filter, {}))
    return query


def result_row(result: dict) -> dict:
    """What one search result's card shows: kind line, highlighted title and snippet, byline."""
    post = result.get("post") or {}
    answer = result.get("answer")
    if result.get("type") == "answer" and answer:
        kind_text = "Answer to a challenge" + (" · accepted" if answer.get("accepted") else "")
        who = answer.get("author") or {}
        when = answer.get("created_at")
        colour_kind = "answer"
    else:
        kind_text = post_kind_name(post.get("kind"))
        if post.get("status"):
            kind_text += f" · {STATUS_WORDS.get(post['status'], post['status'])}"
        who = post.get("author") or {}
        when = post.get("created_at")
        colour_kind = post.get("kind", "")
    return {
        "post_id": post.get("id", 0),
        "answer_id": (answer or {}).get("id", 0) if result.get("type") == "answer" else 0,
        "kind": colour_kind,
        "kind_text": kind_text,
        "title_markup": highlighted(result.get("title")),
        "snippet_markup": highlighted(result.get("snippet")),
        "meta_text": " · ".join(filter(None, [who.get("display_name", ""), time_ago(when)])),
    }


def empty_text(text: str, type_filter: str) -> str:
    """What the list says when a search found nothing."""
    scope = {"Challenges": " among challenges", "Insights": " among insights", "Answers": " among answers"}.get(
        type_filter, ""
    )
    return f"Nothing matches “{text.strip()}”{scope}. Try fewer or other words."
