"""The home feed: For you, Challenges and Insights, and the search box that opens Search.

A post still in the outbox shows at the top of the tab of its kind as "Sending…" until the
server's post takes its place (mobile/offline/pending_rows.py).
"""

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.offline.pending_rows import PendingRows
from mobile.outbox.store import REJECTED
from mobile.screens.base import QuidScreen
from mobile.ui.text import plural, post_kind_name, time_ago

# Each tab is a filter of GET /posts.
TABS = {
    "for_you": {"for_you": "true"},
    "challenges": {"kind": "challenge"},
    "insights": {"kind": "insight"},
}
# The tab where a person's own new post of each kind shows (For you is others' posts).
TAB_OF_KIND = {"challenge": "challenges", "insight": "insights"}
SENDING = "Sending…"
NOT_SENT = "Not sent: tap to fix"
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
        "meta_text": " · ".join(
            filter(
                None,
                [author.get("display_name", ""), division, post.get("account") or "", time_ago(post.get("created_at"))],
            )
        ),
        "counts_text": "  ·  ".join(counts),
        "sending": False,
        "idempotency_key": "",
    }


def is_new_post(item) -> bool:
    """Whether an outbox item creates a post."""
    return item.kind == "post" and item.method == "POST" and item.path == "/posts"


def queued_post_row(item, *, author: dict | None) -> dict:
    """What the feed shows for a post still in the outbox: as written, marked "Sending…"."""
    post = item.body or {}
    author = author or {}
    division = (author.get("division") or {}).get("name", "")
    refused = item.state == REJECTED
    return {
        "post_id": 0,
        "kind_text": post_kind_name(post.get("kind")),
        "kind": post.get("kind", ""),
        "title_text": post.get("title", ""),
        "body_text": " ".join((post.get("body") or "").split()),
        "meta_text": " · ".join(filter(None, [author.get("display_name", ""), division, post.get("account") or ""])),
        "counts_text": NOT_SENT if refused else SENDING,
        "sending": True,
        "idempotency_key": item.idempotency_key,
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
    # Still in the outbox: drawn quieter, and tapping opens the outbox instead of a post.
    sending = BooleanProperty(False)
    idempotency_key = StringProperty("")
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.post_id)


class FeedScreen(QuidScreen):
    """Posts the person may see, newest first, a page at a time."""

    tab = StringProperty("for_you")

    def __init__(self, **kwargs):
        super().__init__(name="feed", title="Quid", top_level=True, **kwargs)
        self.follow_list(self.ids.posts)
        self.session.bind(on_outbox_sent=self._outbox_sent)
        # Bound after: Kivy calls the last bound first, so the delivery is pinned before the reload.
        self._on_their_way = PendingRows(
            session=self.session, rows=self.ids.posts, queued_row=self._queued_row, delivered_row=self._delivered_row
        )

    def enter(self, *, returning: bool = False, **parameters) -> None:
        # Compose opens the feed on the tab where the new post shows (coming back keeps the
        # tab the person chose since).
        if not returning and parameters.get("tab") in TABS:
            self.tab = parameters["tab"]
        super().enter(returning=returning, **parameters)

    def refresh(self) -> None:
        posts = self.ids.posts
        posts.api = self.session.api
        posts.to_row = lambda post: {**post_row(post), "opener": self.open_post}
        posts.identity = "post_id"
        posts.query = dict(TABS[self.tab])
        posts.empty_text = EMPTY_TEXT[self.tab]
        self._on_their_way.pin()
        posts.reload()

    # Posts on their way

    def _shows(self, kind: str | None) -> bool:
        return TAB_OF_KIND.get(kind) == self.tab

    def _queued_row(self, item) -> dict | None:
        if not (is_new_post(item) and self._shows((item.body or {}).get("kind"))):
            return None
        return {
            **queued_post_row(item, author=self.session.user),
            "opener": lambda _post_id, item_id=item.id: self.open_queued(item_id),
        }

    def _delivered_row(self, item, post: dict) -> dict | None:
        if not (is_new_post(item) and "id" in post and self._shows(post.get("kind"))):
            return None
        return {**post_row(post), "opener": self.open_post}

    def open_queued(self, item_id: int) -> None:
        """A post still on its way: a refused one opens to be fixed; others show in the outbox."""
        item = self.session.outbox.get(item_id)
        if item is not None and item.state == REJECTED and "compose" in self.manager.screen_names:
            self.navigator.open("compose", rejected_item_id=item_id)
        elif "outbox" in self.manager.screen_names:
            self.navigator.open("outbox")

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
        # A post of ours reached the server (and took its queued row's place): read the page
        # again without waiting for a pull.
        if is_new_post(item) and self.manager and self.manager.current == self.name:
            self.ids.posts.reload()


SCREEN = FeedScreen
