"""Short tappable posts in a section of a screen: related content, a topic's posts.

`PostLinks.posts` holds API posts; tapping one dispatches `on_open(post_id)`. With
`action_text` set, each post also gets a button that dispatches `on_action(post_id)`
("Link as answer"); `done_ids` lists the posts whose action was taken (the button then
says `done_text` and is disabled). Titles are plain labels: user text shows as written.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.ui.text import plural, post_kind_name


def link_kind_text(post: dict) -> str:
    """'Insight · 3 uses' or 'Challenge · solved' above a linked post's title."""
    words = [post_kind_name(post.get("kind"))]
    if post.get("status"):
        words.append(post["status"])
    if post.get("kind") == "insight":
        words.append(plural(post.get("use_count", 0), "use"))
    return " · ".join(words)


class PostLink(ButtonBehavior, BoxLayout):
    """One post as a kind line and its title; an optional action button below."""

    post_id = NumericProperty(0)
    kind = StringProperty("")
    kind_text = StringProperty("")
    title_text = StringProperty("")
    action_text = StringProperty("")
    done = BooleanProperty(False)
    done_text = StringProperty("")
    owner = ObjectProperty(None)

    def on_release(self):
        if self.owner is not None:
            self.owner.dispatch("on_open", self.post_id)

    def act(self) -> None:
        if self.owner is not None and not self.done:
            self.owner.dispatch("on_action", self.post_id)


class PostLinks(BoxLayout):
    """A column of PostLinks, rebuilt whenever `posts` or `done_ids` change."""

    posts = ListProperty([])
    action_text = StringProperty("")
    done_text = StringProperty("")
    done_ids = ListProperty([])

    __events__ = ("on_open", "on_action")

    def on_posts(self, *_args) -> None:
        self._build()

    def on_done_ids(self, *_args) -> None:
        self._build()

    def _build(self) -> None:
        self.clear_widgets()
        for post in self.posts:
            self.add_widget(
                PostLink(
                    post_id=post["id"],
                    kind=post.get("kind", ""),
                    kind_text=link_kind_text(post),
                    title_text=post.get("title", ""),
                    action_text=self.action_text,
                    done=post["id"] in self.done_ids,
                    done_text=self.done_text,
                    owner=self,
                )
            )

    def link(self, post_id: int) -> PostLink | None:
        """The row for `post_id` (tests and screens tap it)."""
        return next((child for child in self.children if child.post_id == post_id), None)

    def on_open(self, post_id: int) -> None:
        pass

    def on_action(self, post_id: int) -> None:
        pass


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
