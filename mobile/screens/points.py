"""Why my points: every ledger entry behind a person's reputation, newest first.

Each row shows the points (+ green, − red), the server's reason in plain words, when it
happened and, when the entry came from a post the viewer may see, a link to that post. The
header shows the current total the entries add up to. Without `user_id` it is the signed-in
person's ledger.
"""

from kivy.core.text import Label as CoreLabel
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.text import time_ago

# What a row needs besides its reason text, so that its height fits the reason exactly:
# padding and the points column across, padding and the line under the reason down.
POINTS_COLUMN_WIDTH = dp(64)
ROW_HORIZONTAL_CHROME = 2 * theme.PADDING + dp(16) + POINTS_COLUMN_WIDTH + theme.SPACING
ROW_VERTICAL_PADDING = dp(10)
META_LINE_HEIGHT = dp(22)
LINK_LINE_HEIGHT = theme.TOUCH_TARGET
MINIMUM_REASON_WIDTH = dp(120)


def points_text(points: int) -> str:
    """'+15', '−5' (a real minus sign), '0'."""
    if points > 0:
        return f"+{points}"
    if points < 0:
        return f"\u2212{-points}"
    return "0"


def total_text(reputation: int) -> str:
    """'41 points', '1 point', '−5 points'."""
    return f"{points_text(reputation).lstrip('+')} point{'' if abs(reputation) == 1 else 's'}"


def points_colour(points: int) -> list[float]:
    """Green for a gain, red for a loss, grey for an entry that earned nothing (capped)."""
    return theme.SUCCESS if points > 0 else theme.DANGER if points < 0 else theme.MUTED


def text_height(text: str, *, width: float, font_size: float) -> float:
    """How tall `text` is when wrapped to `width` (a plain label: markup off)."""
    label = CoreLabel(text=text, font_size=font_size, text_size=(width, None))
    label.refresh()
    return label.texture.size[1] if label.texture else font_size


def entry_row(entry: dict) -> dict:
    """What one row shows for a ledger entry (its heights come from `fit_row`)."""
    points = entry.get("points", 0)
    return {
        "entry_id": entry["id"],
        "points": points,
        "points_text": points_text(points),
        "points_colour": points_colour(points),
        "reason_text": entry.get("reason") or "",
        "when_text": time_ago(entry.get("created_at")),
        "post_id": (entry.get("post") or {}).get("id") or 0,
    }


def fit_row(row: dict, list_width: float) -> dict:
    """The row with heights that fit its wrapped reason in a list `list_width` wide."""
    reason_width = max(list_width - ROW_HORIZONTAL_CHROME, MINIMUM_REASON_WIDTH)
    reason_height = text_height(row["reason_text"], width=reason_width, font_size=theme.FONT_BODY)
    bottom_line = LINK_LINE_HEIGHT if row["post_id"] else META_LINE_HEIGHT
    return {
        **row,
        "reason_height": reason_height,
        "height": reason_height + 2 * ROW_VERTICAL_PADDING + theme.SPACING + bottom_line,
    }


class EntryRow(BoxLayout):
    """One ledger entry; its post link opens the post (labels are plain: text shows literally)."""

    entry_id = NumericProperty(0)
    points = NumericProperty(0)
    points_text = StringProperty("")
    points_colour = ColorProperty(theme.MUTED)
    reason_text = StringProperty("")
    reason_height = NumericProperty(0)
    when_text = StringProperty("")
    post_id = NumericProperty(0)
    opener = ObjectProperty(None, allownone=True)

    def open_post(self) -> None:
        if self.post_id and self.opener is not None:
            self.opener(self.post_id)


class PointsScreen(QuidScreen):
    """A person's ledger with its total: where every point came from."""

    user_id = NumericProperty(0)
    is_me = BooleanProperty(True)
    reputation = NumericProperty(0)
    total_known = BooleanProperty(False)
    total_text = StringProperty("")
    heading = StringProperty("")

    def __init__(self, **kwargs):
        self._generation = 0
        self._starting_list = False
        super().__init__(name="points", title="Why my points", **kwargs)

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        entries = self.ids.entries
        # Row heights follow the reason's wrapping, which follows the list's width.
        entries.bind(width=lambda *_args: self._refit_rows())
        # A pull on the list reloads its entries; the total above them must follow.
        entries.bind(loaded=lambda _list, loaded: None if loaded or self._starting_list else self._load(False))

    def refresh(self) -> None:
        wanted = self.parameters.get("user_id")
        user = self.session.user
        own_id = user["id"] if user else self.session.tokens.user_id
        self.is_me = not wanted or int(wanted) == own_id
        self.title = "Why my points" if self.is_me else "Points"
        self.total_known = False
        self.total_text = ""
        self.heading = ""
        self.ids.entries.data = []
        self._load(True)

    def _load(self, with_list: bool) -> None:
        """Fetch the person (their total); then, `with_list`, their ledger from the top."""
        self._generation += 1
        generation = self._generation
        path = "/me" if self.is_me else f"/users/{int(self.parameters['user_id'])}"
        self.fetch(path, lambda profile: self._profile_arrived(profile, generation, with_list))

    def _profile_arrived(self, profile: dict, generation: int, with_list: bool) -> None:
        if generation != self._generation:
            return
        self.user_id = profile["id"]
        self.reputation = profile.get("reputation", 0)
        self.total_text = total_text(self.reputation)
        self.total_known = True
        name = profile.get("display_name") or ""
        if self.is_me:
            self.session.user = profile
            self.heading = "Your reputation"
        else:
            self.title = f"{name}'s points"
            self.heading = f"{name}'s reputation"
        if with_list:
            self._show_ledger()

    def _show_ledger(self) -> None:
        entries = self.ids.entries
        entries.api = self.session.api
        entries.path = f"/users/{self.user_id}/reputation"
        entries.to_row = lambda entry: fit_row({**entry_row(entry), "opener": self.open_post}, entries.width)
        entries.empty_text = (
            "No points yet. They come when people use, vote for or accept what you share."
            if self.is_me
            else "No points yet."
        )
        self._starting_list = True
        try:
            entries.reload()
        finally:
            self._starting_list = False

    def _refit_rows(self) -> None:
        entries = self.ids.entries
        if entries.data:
            entries.data = [fit_row(row, entries.width) for row in entries.data]

    def open_post(self, post_id: int) -> None:
        self.navigator.open("post", post_id=post_id)


SCREEN = PointsScreen
