"""Posting that confirms itself: when the outbox delivers a post, the person sees it.

Compose only queues a post and goes to the feed. When the server has it, and the person is
still on the feed they were sent to a moment ago, the new post opens; anywhere else (or when
it went out later, after being offline) a bar above the bottom bar says "Posted" with a
View button, for a few seconds. The bar's widgets are in the tree only while it shows.
"""

import time
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

# A post delivered this soon after it was queued, while its author waits on the feed, opens.
OPEN_WITHIN_SECONDS = 20
# How long the "Posted · View" bar stays.
SHOWN_SECONDS = 8
POSTED_KIND = "post"


class PostedNotice(BoxLayout):
    """Put it in the shell with `session` and `navigator`; it follows the outbox itself."""

    session = ObjectProperty(None, allownone=True)
    navigator = ObjectProperty(None, allownone=True)
    post_id = NumericProperty(0)
    text = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._hide_later = Clock.create_trigger(lambda _elapsed: self.hide(), SHOWN_SECONDS)
        self._bar = None
        # Who is signed in, and since when: a post queued before (in an earlier session, or
        # before a restart) went out later, so it never opens by itself.
        self._user_id = None
        self._signed_in_at = time.time()

    def on_session(self, _widget, session) -> None:
        if session is not None:
            session.bind(on_outbox_sent=self._sent, on_signed_out=lambda *_args: self.hide(), user=self._user_changed)
            self._user_changed(session, session.user)

    def _user_changed(self, _session, user) -> None:
        user_id = (user or {}).get("id")
        if user_id != self._user_id:
            self._user_id = user_id
            self._signed_in_at = time.time()

    def _sent(self, _session, item, result) -> None:
        if item.kind != POSTED_KIND or not isinstance(result, dict) or not result.get("id"):
            return
        waiting_on_feed = (
            self.navigator is not None
            and self.navigator.current == "feed"
            and time.time() - item.created_at <= OPEN_WITHIN_SECONDS
            and item.created_at >= self._signed_in_at
        )
        if waiting_on_feed:
            self.hide()
            self.navigator.open("post", post_id=result["id"])
        else:
            self.show(post_id=result["id"], title=result.get("title") or "")

    def show(self, *, post_id: int, title: str) -> None:
        """The bar, for SHOWN_SECONDS: 'Posted: <title>' and View."""
        self.post_id = post_id
        self.text = f"Posted: {title}" if title else "Posted"
        if self._bar is None:
            self._bar = PostedBar(notice=self)
            self.add_widget(self._bar)
        self._hide_later()

    def hide(self) -> None:
        self._hide_later.cancel()
        if self._bar is not None:
            self.remove_widget(self._bar)
            self._bar = None

    def view(self) -> None:
        post_id = self.post_id
        self.hide()
        if post_id and self.navigator is not None:
            self.navigator.open("post", post_id=post_id)


class PostedBar(BoxLayout):
    """The bar itself: the words and the View button."""

    notice = ObjectProperty(None)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
