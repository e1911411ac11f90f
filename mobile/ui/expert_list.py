"""People suggested to answer a challenge, each with the reason and an "Ask" button.

`ExpertList.experts` holds GET /posts/{id}/experts items. Tapping a name dispatches
`on_person(user_id)`; "Ask" dispatches `on_ask(user_id)` (the screen queues the ask). An
expert whose `asked` is true shows "Asked" instead of the button; `asking_ids` marks those
asked from this phone whose ask is still on its way. With `can_ask` False (a topic page)
there are no buttons at all. Names and reasons are plain labels: shown as written.
"""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout


def expert_byline(user: dict) -> str:
    """'Product Marketing Manager, Competitive · Product Management' under a name."""
    division = (user.get("division") or {}).get("name", "")
    return " · ".join(filter(None, [user.get("title") or "", division]))


def reason_text(expert: dict) -> str:
    """The server's reason, with a capital first letter (it reads as a sentence)."""
    reason = expert.get("reason") or ""
    return reason[:1].upper() + reason[1:]


class ExpertRow(BoxLayout):
    """One suggested person."""

    user_id = NumericProperty(0)
    name = StringProperty("")
    byline = StringProperty("")
    reason = StringProperty("")
    asked = BooleanProperty(False)
    can_ask = BooleanProperty(True)
    owner = ObjectProperty(None)

    def open_person(self) -> None:
        if self.owner is not None:
            self.owner.dispatch("on_person", self.user_id)

    def ask(self) -> None:
        if self.owner is not None and not self.asked:
            self.owner.dispatch("on_ask", self.user_id)


class ExpertList(BoxLayout):
    """A column of ExpertRows, rebuilt when the experts or the pending asks change."""

    experts = ListProperty([])
    asking_ids = ListProperty([])
    can_ask = BooleanProperty(True)

    __events__ = ("on_person", "on_ask")

    def on_experts(self, *_args) -> None:
        self._build()

    def on_asking_ids(self, *_args) -> None:
        self._build()

    def _build(self) -> None:
        self.clear_widgets()
        for expert in self.experts:
            user = expert.get("user") or {}
            self.add_widget(
                ExpertRow(
                    user_id=user.get("id") or 0,
                    name=user.get("display_name", ""),
                    byline=expert_byline(user),
                    reason=reason_text(expert),
                    can_ask=self.can_ask,
                    owner=self,
                    asked=bool(expert.get("asked")) or user.get("id") in self.asking_ids,
                )
            )

    def row(self, user_id: int) -> ExpertRow | None:
        """The row for `user_id` (tests and screens tap its buttons)."""
        return next((child for child in self.children if child.user_id == user_id), None)

    def on_person(self, user_id: int) -> None:
        pass

    def on_ask(self, user_id: int) -> None:
        pass


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
