"""The home feed: For you, Challenges and Insights, and the search box that opens Search."""

from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui.text import plural, post_kind_name, time_ago

# Each tab is a filter of GET /posts.
TABS = {
    "for_you": {"for_you": "true"},
    "challenges": {"kind": "challenge"},
    "insights": {"kind": "insight"},
}
EMPTY_TEXT = {
    "for_you": "Nothing for you yet. Choose your topics under Me to see matching challenges.",
    "challenges": "No challenges yet.",
    "insights": "No insights yet. Share one after your next customer visit.",
}


def post_row(post: dict) -> dict:
    """What one row of the feed shows for an API post."""
    author = post.get("author") or {}
    division = (author.get("division") or {}).get("name", "")
    counts = [plural(post.get("answer_count", 0), "answer")] if post["kind"] == "challenge" else []
    counts += [plural(post.get("use_count", 0), "use"), f"{post.get('helpful_count', 0)} helpful"]
    kind_text = post_kind_name(post["kind"])
    if post.get("status"):
        kind_text += f" · {post['status']}"
    if (post.get("freshness") or {}).get("may_be_out_of_date"):
        kind_text += " · may be out of date"  # the reason is on the post itself
    return {
        "post_id": post["id"],
        "kind_text": kind_text,
        "kind": post["kind"],
        "title_text": post["title"],
        "body_text": " ".join(post["body"].split()),
        "meta_text": " · ".join(filter(None, [author.get("display_name", ""), division,
                                              post.get("account") or "", time_ago(post.get("created_at"))])),
        "counts_text": "  ·  ".join(counts),
    }


class PostRow(ButtonBehavior, BoxLayout):
    """One post in a list; tapping opens it. Plain (non-markup) labels show user text literally."""

    post_id = NumericProperty(0)
    kind = StringProperty("")
    kind_text = StringProperty("")
    title_text = StringProperty("")
    body_text = StringProperty("")
    meta_text = StringProperty("")
    counts_text = StringProperty("")
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.post_id)


class FeedScreen(QuidScreen):
    """Posts the person may see, newest first, a page at a time."""

    tab = StringProperty("for_you")

    def __init__(self, **kwargs):
        super().__init__(name="feed", title="Quid", top_level=True, **kwargs)
        self.session.bind(on_outbox_sent=self._outbox_sent)

    def refresh(self) -> None:
        posts = self.ids.posts
        posts.api = self.session.api
        posts.to_row = lambda post: {**post_row(post), "opener": self.open_post}
        posts.query = dict(TABS[self.tab])
        posts.empty_text = EMPTY_TEXT[self.tab]
        posts.reload()

    def choose_tab(self, tab: str) -> None:
        if tab != self.tab:
            self.tab = tab
            self.refresh()

    def run_search(self, text: str) -> None:
        """Open Search with the words typed: one search over posts and answers, ranked and
        highlighted, instead of narrowing this tab (the box is left empty for next time)."""
        self.ids.search.text = ""
        self.navigator.open("search", q=text.strip())

    def open_post(self, post_id: int) -> None:
        self.navigator.open("post", post_id=post_id)

    def _outbox_sent(self, _session, item, _result) -> None:
        # A post of ours reached the server: show it without waiting for a pull.
        if item.kind == "post" and self.manager and self.manager.current == self.name:
            self.refresh()


SCREEN = FeedScreen
