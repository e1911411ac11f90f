"""A profile: who the person is, their level, reputation over time, badges, trust, expertise.

Without `user_id` (or with the signed-in person's own id) it is "Me": GET /me, with
"Why my points" and "Sign out". With someone else's `user_id` it is their public profile
(GET /users/{id}) with "Propose a trade". Trust details come from GET /users/{id}/trust and
the chart from the person's ledger (GET /users/{id}/reputation, a bounded number of pages).
Pulling the page down past its top reloads everything.
"""

from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from mobile.api.errors import unreachable
from mobile.offline.wording import HISTORY_NOT_SAVED
from mobile.screens.base import QuidScreen
from mobile.ui import theme
from mobile.ui.pull_to_refresh import PullScrollView  # noqa: F401  (registers the widget for profile.kv)
from mobile.ui.reputation_chart import NO_POINTS, ReputationChart  # noqa: F401  (registers the widget for profile.kv)
from mobile.ui.reputation_series import reputation_series
from mobile.ui.text import plural
from mobile.ui.trust_text import trust_band_name, trust_summary
from mobile.ui.widgets import Chip
from shared.enums import Role
from shared.levels import LEVELS

# The chart reads at most this many ledger pages of this size; older entries are summed
# into the chart's starting balance.
LEDGER_PAGE_SIZE = 100
# Whose own page offers the leaders' view.
LEADING_ROLES = (Role.LEADER.value, Role.ADMIN.value)
LEDGER_MAX_PAGES = 5


def level_progress_text(level: dict, reputation: int) -> str:
    """'59 points to Regular'; once the points are there but the level also asks for breadth,
    what is still missing ('Trusted Advisor also needs points from 2 divisions (you: 1), on
    10 days (you: 3)'); or 'Top level' at the top of the ladder."""
    next_at = level.get("next_at")
    if next_at is None:
        return "Top level"
    following = next((rung for rung in LEVELS if rung.threshold == next_at), None)
    name = following.name if following else f"level {level.get('number', 0) + 1}"
    if reputation < next_at:
        return f"{plural(next_at - reputation, 'point')} to {name}"
    needed, have = level.get("next_breadth") or {}, level.get("breadth") or {}
    missing = [
        f"{label} {needed[key]} {noun} (you: {have.get(key, 0)})"
        for key, label, noun in (("people", "from", "people"), ("divisions", "in", "divisions"), ("days", "on", "days"))
        if key in needed and have.get(key, 0) < needed[key]
    ]
    if not missing:
        return f"0 points to {name}"
    return f"{name} also needs points " + ", ".join(missing)


class BadgeLine(BoxLayout):
    """One badge: its name and what earned it (plain labels)."""

    badge_name = StringProperty("")
    description = StringProperty("")


class ProfileScreen(QuidScreen):
    """One person's profile; the signed-in person's own when no `user_id` is given."""

    user_id = NumericProperty(0)
    is_me = BooleanProperty(True)
    loaded = BooleanProperty(False)
    display_name = StringProperty("")
    job_title = StringProperty("")
    division_text = StringProperty("")
    reputation = NumericProperty(0)
    level_text = StringProperty("")
    level_progress = NumericProperty(0)
    progress_text = StringProperty("")
    trust_band = StringProperty("")
    trust_band_text = StringProperty("")
    trust_colour = ColorProperty(theme.MUTED)
    trust_text = StringProperty("")
    badges = ListProperty([])
    expertise = ListProperty([])
    ledger_note = StringProperty("")
    # The signed-in admin's own page offers the administration screens.
    can_administer = BooleanProperty(False)
    # ... and a leader's or admin's own page the leaders' view.
    can_lead = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(name="profile", title="Me", top_level=True, **kwargs)
        self._generation = 0

    # Loading

    def enter(self, *, returning: bool = False, **parameters) -> None:
        if not returning:
            self.ids.scroll.scroll_y = 1  # a profile opens at its top; coming back keeps the place
        super().enter(returning=returning, **parameters)

    def refresh(self) -> None:
        wanted = self.parameters.get("user_id")
        own_id = self._own_id()
        is_me = not wanted or (own_id is not None and int(wanted) == own_id)
        person_id = own_id if is_me else int(wanted)
        if is_me != self.is_me or (person_id is not None and person_id != self.user_id):
            self._forget()  # never show one person's figures under another's name
        self.is_me = is_me
        if person_id is not None:
            self.user_id = person_id
        self.title = "Me" if is_me else (self.display_name or "Profile")
        if is_me and self.session.user and not self.loaded:
            self._show_profile(self.session.user)  # what the app already knows, while /me loads
        self._generation += 1
        generation = self._generation
        path = "/me" if is_me else f"/users/{self.user_id}"
        self._request(path, lambda profile: self._profile_arrived(profile, generation), generation)

    def has_content(self) -> bool:
        return self.loaded or super().has_content()

    def _own_id(self) -> int | None:
        user = self.session.user
        return user["id"] if user else self.session.tokens.user_id

    def _request(self, path: str, on_success, generation: int, query: dict | None = None, on_error=None) -> None:
        # Several requests run at once: the spinner stays until the last one of this load ends;
        # offline each comes from the phone when it was kept.
        self.fetch(path, on_success, query=query, wanted=lambda: generation == self._generation, on_error=on_error)

    def _profile_arrived(self, profile: dict, generation: int) -> None:
        if generation != self._generation:
            return
        self.error = ""
        if self.is_me:
            self.session.user = profile  # the rest of the app sees the fresh figures too
        self._show_profile(profile)
        self._request(
            f"/users/{self.user_id}/trust",
            lambda trust: generation == self._generation and self._show_trust(trust),
            generation,
        )
        self._load_ledger(profile, generation, entries=[], cursor=None, pages=0)

    def _show_profile(self, profile: dict) -> None:
        self.loaded = True
        self.user_id = profile["id"]
        self.display_name = profile.get("display_name") or ""
        self.title = "Me" if self.is_me else self.display_name
        self.job_title = profile.get("title") or ""
        division = (profile.get("division") or {}).get("name", "")
        self.division_text = " · ".join(filter(None, [division, (profile.get("role") or "").capitalize()]))
        self.reputation = profile.get("reputation", 0)
        level = profile.get("level") or {}
        self.level_text = f"Level {level.get('number', 1)} · {level.get('name', '')}"
        self.level_progress = level.get("progress", 0)
        self.progress_text = level_progress_text(level, self.reputation)
        self.badges = list(profile.get("badges") or [])
        self.expertise = list(profile.get("expertise") or [])
        self.can_administer = self.is_me and profile.get("role") == "admin"
        self.can_lead = self.is_me and profile.get("role") in LEADING_ROLES
        if not self.trust_text:
            # The profile's trust lacks the circle: /users/{id}/trust replaces it when it comes.
            self._show_trust(profile.get("trust") or {})

    def _show_trust(self, trust: dict) -> None:
        self.trust_band = trust.get("band", "")
        self.trust_band_text = trust_band_name(self.trust_band)
        self.trust_colour = theme.TRUST_BAND_COLOURS.get(self.trust_band, theme.MUTED)
        self.trust_text = trust_summary(trust)

    def _load_ledger(self, profile: dict, generation: int, *, entries: list, cursor, pages: int) -> None:
        """Follow next_cursor through at most LEDGER_MAX_PAGES pages, then draw the chart."""
        query = {"limit": LEDGER_PAGE_SIZE, "cursor": cursor}

        def arrived(page):
            if generation != self._generation:
                return
            self.ids.chart.empty_text = NO_POINTS
            collected = entries + page.get("items", [])
            next_cursor = page.get("next_cursor")
            if next_cursor and pages + 1 < LEDGER_MAX_PAGES:
                self._load_ledger(profile, generation, entries=collected, cursor=next_cursor, pages=pages + 1)
                return
            complete = not next_cursor
            # The series ends at the person's reputation and starts from what the entries not
            # fetched add up to: zero for one's own complete ledger; for someone else's, the
            # entries only they see (their trades, posts outside the caller's audience).
            self.ids.chart.points = reputation_series(
                collected, total=profile.get("reputation", 0), joined_at=profile.get("created_at")
            )
            self.ledger_note = "" if complete else f"The chart shows the latest {len(collected)} changes."

        def failed(error):
            # Offline and never read: an empty chart would say "no points", which is not true.
            if generation == self._generation and unreachable(error) and not self.ids.chart.points:
                self.ids.chart.empty_text = HISTORY_NOT_SAVED

        self._request(f"/users/{self.user_id}/reputation", arrived, generation, query=query, on_error=failed)

    def _forget(self) -> None:
        self.loaded = False
        self.display_name = self.job_title = self.division_text = ""
        self.level_text = self.progress_text = self.trust_text = self.trust_band = self.trust_band_text = ""
        self.reputation = 0
        self.level_progress = 0
        self.badges = []
        self.expertise = []
        self.ledger_note = ""
        self.can_administer = False
        self.can_lead = False
        self.ids.chart.points = []

    def on_badges(self, _screen, badges) -> None:
        box = self.ids.badge_list
        box.clear_widgets()
        for badge in badges:
            box.add_widget(BadgeLine(badge_name=badge.get("name", ""), description=badge.get("description", "")))

    def on_expertise(self, _screen, expertise) -> None:
        # Chips wrap onto more lines (up to MAX_EXPERTISE_TAGS of them): a StackLayout, not a ChipRow.
        box = self.ids.expertise_chips
        box.clear_widgets()
        for tag in expertise:
            box.add_widget(Chip(text=str(tag)))

    # Actions

    def why_points(self) -> None:
        if self.is_me:
            self.navigator.open("points")
        else:
            self.navigator.open("points", user_id=self.user_id)

    def open_administration(self) -> None:
        self.navigator.open("admin")

    def open_my_flags(self) -> None:
        self.navigator.open("my_flags")

    def open_leaders_view(self) -> None:
        self.navigator.open("leaders")

    def propose_trade(self) -> None:
        self.navigator.open("propose_trade", counterparty_id=self.user_id, counterparty_name=self.display_name)

    def sign_out(self) -> None:
        self.session.sign_out()


SCREEN = ProfileScreen
