"""Notifications: what happened for the person, newest first, unread ones marked.

Each row shows the server's sentence with an icon for its kind; tapping a row marks it
read and opens what it is about.
"""

from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from mobile.screens.base import QuidScreen
from mobile.ui.text import time_ago

ROW_HEIGHT = dp(112)
ROW_WITH_DETAIL_HEIGHT = dp(146)


def details(notification: dict) -> dict:
    return notification.get("data") or {}


# An icon per kind (server/notifications/service.py `Kind`). The sentence itself is the
# server's `message`: the wording exists once, and it names the post or promise concerned.
KIND_ICONS: dict[str, str] = {
    "answer_on_my_challenge": "\u270e",
    "answer_accepted": "\u2713",
    "contribution_used": "\u2605",
    "level_up": "\u25b2",
    "badge_earned": "\u2605",
    "trade_proposed": "\u21c4",
    "trade_accepted": "\u21c4",
    "trade_declined": "\u21c4",
    "trade_cancelled": "\u2717",
    "leg_delivered": "\u2709",
    "leg_confirmed": "\u2713",
    "leg_due_soon": "\u29d6",
    "leg_overdue": "\u26a0",
    "leg_broken": "\u26a0",
    "lead_outcome": "\u2691",
    "insight_reported_outdated": "\u26a0",
    "insight_needs_verifying": "\u29d6",
    "flag_resolved": "\u2691",  # an admin decided about something the person flagged
}
DEFAULT_ICON = "\u2709"
# Kinds about the person themselves: they open the person's own profile.
ABOUT_ME = frozenset({"level_up", "badge_earned"})


def detail(notification: dict) -> str:
    """A use's value (its note is already in the message), or a colleague's note on why an
    insight is out of date."""
    data = details(notification)
    if notification.get("kind") == "insight_reported_outdated":
        return data.get("note") or ""
    parts = []
    if data.get("hours_saved"):
        parts.append(f"saved {data['hours_saved']} h")
    if data.get("deal_influenced"):
        parts.append("helped win a deal")
    return " · ".join(parts)


def destination(notification: dict) -> tuple[str, dict] | None:
    """The screen (and its parameters) a notification is about, or None."""
    if notification.get("trade_id"):
        return "trade", {"trade_id": notification["trade_id"]}
    if notification.get("post_id"):
        return "post", {"post_id": notification["post_id"]}
    if notification.get("kind") in ABOUT_ME:
        return "profile", {}
    return None


def notification_row(notification: dict) -> dict:
    """What one row shows for an API notification."""
    detail_text = detail(notification)
    return {
        "notification_id": notification["id"],
        "unread": not notification.get("read", False),
        "icon": KIND_ICONS.get(notification.get("kind", ""), DEFAULT_ICON),
        "sentence_text": " ".join(notification.get("message", "").split()),
        "detail_text": detail_text,
        "time_text": time_ago(notification.get("created_at")),
        "destination": destination(notification),
        "height": ROW_WITH_DETAIL_HEIGHT if detail_text else ROW_HEIGHT,
    }


class NotificationRow(ButtonBehavior, BoxLayout):
    """One notification; bold with a dot while unread. Plain labels show user text literally."""

    notification_id = NumericProperty(0)
    unread = BooleanProperty(False)
    icon = StringProperty("")
    sentence_text = StringProperty("")
    detail_text = StringProperty("")
    time_text = StringProperty("")
    destination = ObjectProperty(None, allownone=True)
    opener = ObjectProperty(None)

    def on_release(self):
        if self.opener is not None:
            self.opener(self.notification_id)


class NotificationsScreen(QuidScreen):
    """The person's notifications, all or unread only, a page at a time."""

    unread_only = BooleanProperty(False)
    # Rows are marked read here as the server confirms; a pull reloads them.
    refresh_on_return = False

    def __init__(self, **kwargs):
        super().__init__(name="notifications", title="Notifications", **kwargs)
        self.follow_list(self.ids.notifications)

    def refresh(self) -> None:
        rows = self.ids.notifications
        rows.api = self.session.api
        rows.to_row = lambda notification: {**notification_row(notification), "opener": self.open_notification}
        rows.query = {"unread": "true"} if self.unread_only else {}
        rows.empty_text = (
            "Nothing unread."
            if self.unread_only
            else "No notifications yet. You hear here when someone answers, accepts or uses your work."
        )
        rows.reload()
        self.session.refresh_unread()

    def show_unread_only(self, unread_only: bool) -> None:
        if unread_only != self.unread_only:
            self.unread_only = unread_only
            self.refresh()

    def open_notification(self, notification_id: int) -> None:
        """Mark it read and open what it is about."""
        row = next((row for row in self.ids.notifications.data if row["notification_id"] == notification_id), None)
        if row is None:
            return
        if row["unread"]:
            self.mark_read([notification_id])
        if row["destination"] is not None:
            name, parameters = row["destination"]
            self.navigator.open(name, **parameters)

    def mark_all_read(self) -> None:
        self.mark_read(None)

    def mark_read(self, notification_ids: list[int] | None) -> None:
        """Mark these notifications (all when None) read on the server, then here and on the badge.

        A direct call, not the outbox: marking read changes nothing anyone else sees, earns
        nothing, and repeating it is harmless, so there is nothing to keep safe across a
        restart. Queued offline, a "mark all" would also, when finally sent, mark read
        notifications that arrived later and were never seen. Offline, they simply stay
        unread, which is true.
        """

        def marked(_answer):
            self._show_read(notification_ids)
            self.session.refresh_unread()

        body = {"ids": notification_ids} if notification_ids else {}
        self.fetch("/notifications/read", marked, method="POST", body=body)

    def _show_read(self, notification_ids: list[int] | None) -> None:
        self.ids.notifications.update_rows(
            lambda row: (
                {**row, "unread": False}
                if notification_ids is None or row["notification_id"] in notification_ids
                else row
            )
        )


SCREEN = NotificationsScreen
