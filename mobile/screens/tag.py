"""A topic's page (GET /tags/{name}): who knows it, what is open on it, its most used insights.

Reached by tapping a tag on a post. Every person and post on it opens when tapped.
"""

from kivy.properties import DictProperty

import mobile.ui.expert_list  # noqa: F401  (registers ExpertList for tag.kv)
import mobile.ui.post_links  # noqa: F401  (registers PostLinks for tag.kv)
from mobile.screens.base import QuidScreen


class TagScreen(QuidScreen):
    """One tag: its experts with their reasons, open challenges and best insights."""

    topic = DictProperty({})

    def __init__(self, **kwargs):
        super().__init__(name="tag", title="Topic", **kwargs)

    def refresh(self) -> None:
        name = (self.parameters.get("tag") or "").lstrip("#")
        if name != self.topic.get("name"):
            self.topic = {}  # nothing of the last topic may show while this one loads
        self.title = f"#{name}" if name else "Topic"
        if name:
            self.fetch(f"/tags/{name}", lambda topic: self._arrived(name, topic))

    def _arrived(self, name: str, topic: dict) -> None:
        if (self.parameters.get("tag") or "").lstrip("#") == name:
            self.topic = topic

    @staticmethod
    def section(topic: dict, key: str) -> list:
        """One list of the topic (kv passes `topic` in, so that it re-reads it when it changes)."""
        return list((topic or {}).get(key) or [])

    @staticmethod
    def heading(topic: dict, key: str, words: str, none: str) -> str:
        """A section's heading, or what it means that the section is empty."""
        if not topic:
            return ""
        return words if topic.get(key) else none

    def open_post(self, post_id: int) -> None:
        self.navigator.open("post", post_id=post_id)

    def open_person(self, user_id: int) -> None:
        if user_id and "profile" in self.manager.screen_names:
            self.navigator.open("profile", user_id=user_id)


SCREEN = TagScreen
