"""Administration: the admin's way to divisions, people, invitations, moderation and the audit log.

Reached from the Me screen, which offers it to admins only (the server refuses everyone
else anyway). It shows what waits for the admin: pending invitations, sign-ups and flagged content.
"""

from kivy.properties import BooleanProperty, NumericProperty

from mobile.screens.base import QuidScreen

COUNT_LIMIT = 100


def waiting_text(count: int, noun: str) -> str:
    """'3 pending', '100+ pending', or 'none pending'."""
    if not count:
        return f"none {noun}"
    return f"{count}{'+' if count >= COUNT_LIMIT else ''} {noun}"


class AdminScreen(QuidScreen):
    """The administration hub."""

    pending_invitations = NumericProperty(0)
    waiting_sign_ups = NumericProperty(0)
    sign_ups_open = BooleanProperty(False)
    open_flags = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(name="admin", title="Administration", **kwargs)

    def refresh(self) -> None:
        self.fetch(
            "/admin/invitations",
            lambda page: setattr(self, "pending_invitations", len(page["items"])),
            query={"state": "pending", "limit": COUNT_LIMIT},
        )
        self.fetch(
            "/admin/sign-ups",
            lambda page: setattr(self, "waiting_sign_ups", len(page["items"])),
            query={"limit": COUNT_LIMIT},
        )
        self.fetch(
            "/admin/flags",
            lambda page: setattr(self, "open_flags", len(page["items"])),
            query={"state": "open", "limit": COUNT_LIMIT},
        )
        self.session.api.request(
            "GET",
            "/auth/options",
            authenticated=False,
            on_success=lambda options: setattr(self, "sign_ups_open", bool(options.get("self_sign_up_domains"))),
        )

    def open(self, name: str, **parameters) -> None:
        self.navigator.open(name, **parameters)


SCREEN = AdminScreen
