"""One signed-in use of the app: settings, tokens, the API client and the outbox together.

Screens receive the session and the navigator; nothing reaches for a global app. The
session's Kivy properties (online, queued, rejected, user, unread) drive the banner, the
"n queued" indicator and the notification badge; its events tell screens when the outbox
delivered or gave back an item.
"""

import webbrowser
from collections.abc import Callable
from pathlib import Path

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty

from mobile.api.client import ApiClient, on_ui_thread
from mobile.api.errors import ApiError
from mobile.offline.read_cache import ReadCache
from mobile.outbox.backoff import Backoff
from mobile.outbox.sender import OutboxSender
from mobile.outbox.store import OutboxItem, OutboxStore
from mobile.storage.photos import PhotoShelf
from mobile.storage.private_files import private_directory
from mobile.storage.settings import Settings
from mobile.storage.tokens import TokenStore


class Session(EventDispatcher):
    """Everything a screen needs to read from and act on the server."""

    online = BooleanProperty(True)
    queued = NumericProperty(0)
    rejected = NumericProperty(0)
    user = ObjectProperty(None, allownone=True)
    unread = NumericProperty(0)

    __events__ = ("on_outbox_sent", "on_outbox_rejected", "on_signed_out")

    def __init__(
        self,
        *,
        data_directory: str | Path,
        backoff: Backoff = Backoff(),
        server_address: str | None = None,
        open_browser: Callable[[str], object] = webbrowser.open,
        **kwargs,
    ):
        super().__init__(**kwargs)
        # How the app shows a web page (the company sign-in) in the system browser.
        self.open_browser = open_browser
        self.data_directory = private_directory(data_directory)
        self.settings = Settings(self.data_directory)
        if server_address:
            self.settings.remember(server_address=server_address)
        self.tokens = TokenStore(self.data_directory)
        # What the person read, for when there is no network (keyed by server and person).
        self.read_cache = ReadCache(self.data_directory)
        self.api = ApiClient(
            server_address=lambda: self.settings.server_address,
            tokens=self.tokens,
            on_connectivity=self._connectivity_seen,
            on_signed_out=lambda: self.dispatch("on_signed_out"),
            read_cache=self.read_cache,
        )
        # Photos chosen for posts and answers, kept until their item leaves the outbox.
        self.photos = PhotoShelf(self.data_directory)
        self.outbox = OutboxStore(
            self.data_directory, on_removed=lambda uploads: self.photos.forget(upload["path"] for upload in uploads)
        )
        self.photos.forget_abandoned(in_use=self.outbox.photo_paths())
        # While Quid cannot be reached, a small request now and then finds out when it can.
        self._backoff = backoff
        self._probe = None
        self._probe_attempts = 0
        self._sender = OutboxSender(
            store=self.outbox,
            client=self.api,
            backoff=backoff,
            photos=self.photos,
            on_sent=lambda item, result: on_ui_thread(self.dispatch, "on_outbox_sent", item, result),
            on_rejected=lambda item, error: on_ui_thread(self.dispatch, "on_outbox_rejected", item, error),
            on_changed=lambda: on_ui_thread(self.count_outbox),
        )
        self.count_outbox()
        self._sender.start()

    # Signing in and out

    @property
    def signed_in(self) -> bool:
        return self.tokens.signed_in

    def use_server(self, server_address: str) -> None:
        """Talk to the server at `server_address` from now on (remembered)."""
        self.settings.remember(server_address=server_address.strip().rstrip("/"))

    def sign_in(
        self, *, server_address: str, email: str, password: str, on_success, on_error, on_finish=lambda: None
    ) -> None:
        """Log in at `server_address`; remembers the address and email, keeps the tokens."""
        self.settings.remember(server_address=server_address.strip().rstrip("/"), last_email=email)
        self.api.request(
            "POST",
            "/auth/login",
            body={"email": email, "password": password},
            authenticated=False,
            on_success=lambda answer: on_success(self.adopt(answer)),
            on_error=on_error,
            on_finish=on_finish,
        )

    def join(
        self, *, invitation: str, display_name: str, password: str, on_success, on_error, on_finish=lambda: None
    ) -> None:
        """Join with an invitation code and sign in; the server says who, where and in what role.

        Sent at once rather than through the outbox: joining has no account to queue it under
        and gives back the session the rest of the app needs.
        """
        body = {"invitation": invitation, "display_name": display_name, "password": password}

        def joined(answer):
            self.settings.remember(last_email=answer["user"]["email"])
            on_success(self.adopt(answer))

        self.api.request(
            "POST",
            "/auth/register",
            body=body,
            authenticated=False,
            on_success=joined,
            on_error=on_error,
            on_finish=on_finish,
        )

    def adopt(self, session_data: dict) -> dict:
        """Keep a signed-in answer's tokens and profile (from a password, an invitation or the
        company account); the signed-in person."""
        user = session_data["user"]
        self.tokens.save(
            access_token=session_data["access_token"], refresh_token=session_data["refresh_token"], user_id=user["id"]
        )
        self.user = user
        # The sign-in answer's profile is /me's: kept, it is there on a restart with no network.
        self.api.keep_signed_in("/me", None, user)
        self.count_outbox()
        self._sender.wake()
        self.refresh_unread()
        return user

    def sign_out(self) -> None:
        """Revoke the session on the server (best effort) and forget the tokens here.

        Queued items stay: they are sent once someone signs in again on this phone. What the
        person read is forgotten: the next person to pick up the phone must not see it.
        """
        self.api.forget_kept()
        if self.tokens.signed_in:
            # The token travels with the request: the worker may run after it is forgotten here.
            self.api.request(
                "POST",
                "/auth/logout",
                authenticated=False,
                headers={"Authorization": f"Bearer {self.tokens.access_token}"},
            )
            self.tokens.clear()
        self.user = None
        self.unread = 0
        self.count_outbox()
        self.dispatch("on_signed_out")

    def refresh_me(self, on_finish=lambda: None) -> None:
        """Reload the signed-in person's profile (/me) into `user` (as kept on the phone, offline)."""
        self.api.request(
            "GET",
            "/me",
            on_success=self._set_user,
            on_finish=on_finish,
            on_kept=lambda user, _fetched_at: self._set_user(user),
        )

    def _set_user(self, user) -> None:
        self.user = user

    def refresh_unread(self) -> None:
        """Reload the unread notification count for the badge."""
        if self.signed_in:
            self.api.request(
                "GET",
                "/notifications",
                query={"unread": "true", "limit": 1},
                on_success=self._set_unread,
                on_kept=lambda page, _fetched_at: self._set_unread(page),
            )

    def _set_unread(self, page: dict) -> None:
        self.unread = page.get("unread_count", 0)

    # The outbox

    def enqueue(
        self, *, method: str, path: str, body: dict | None, kind: str, label: str, uploads: list[dict] | None = None
    ) -> OutboxItem:
        """Queue a create or action (with its photos, from `photos.keep`); it is on disk before
        this returns and sent in order."""
        item = self.outbox.add(
            user_id=self.tokens.user_id, method=method, path=path, body=body, kind=kind, label=label, uploads=uploads
        )
        self.count_outbox()
        self._sender.wake()
        return item

    def resubmit(self, item_id: int, *, body: dict | None, label: str, uploads: list[dict] | None = None) -> OutboxItem:
        """Send a fixed rejected item again (with the photos it keeps), with a new Idempotency-Key."""
        item = self.outbox.resubmit(item_id, body=body, label=label, uploads=uploads)
        self.count_outbox()
        self._sender.wake()
        return item

    def discard(self, item_id: int) -> None:
        """Drop an item the person gave up on."""
        self.outbox.remove(item_id)
        self.count_outbox()

    def retry_now(self) -> None:
        """Try the queue again at once instead of waiting out the backoff."""
        self.outbox.retry_now()
        self._sender.wake()

    def outbox_items(self):
        """The signed-in person's queued and rejected items, oldest first."""
        return self.outbox.items(user_id=self.tokens.user_id)

    def count_outbox(self) -> None:
        self.queued, self.rejected = self.outbox.counts(user_id=self.tokens.user_id)

    def _connectivity_seen(self, online: bool) -> None:
        # Called from worker threads; properties change on the UI thread only.
        on_ui_thread(self._set_online, online)

    def _set_online(self, online: bool) -> None:
        came_back = online and not self.online
        self.online = online
        if came_back:
            self._probe_attempts = 0
            self.retry_now()
        elif not online:
            self._schedule_probe()

    def _schedule_probe(self) -> None:
        """Ask the server again after the outbox's backoff, so that the status line clears and
        screens shown from the phone reload as soon as it answers, even with nothing to send."""
        if self._probe is not None or not self.signed_in:
            return
        self._probe_attempts += 1
        self._probe = Clock.schedule_once(self._run_probe, self._backoff.delay(self._probe_attempts))

    def _run_probe(self, _elapsed) -> None:
        self._probe = None
        if not self.online and self.signed_in:
            self.refresh_unread()  # its answer or failure is heard through _connectivity_seen

    def close(self) -> None:
        """Stop the sender and the workers (the app is closing; the outbox stays on disk)."""
        if self._probe is not None:
            self._probe.cancel()
        self._sender.stop()
        self.api.shutdown()
        self.outbox.close()
        self.read_cache.close()

    # Default handlers, so that dispatching works without listeners.

    def on_outbox_sent(self, item: OutboxItem, result) -> None:
        pass

    def on_outbox_rejected(self, item: OutboxItem, error: ApiError) -> None:
        pass

    def on_signed_out(self) -> None:
        pass
