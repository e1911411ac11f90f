"""What every screen shares: the session and navigator, a title, loading and error state.

Offline, what a screen fetches with `fetch()` (or shows through a followed PagedList) comes
from the phone when it was kept; `saved_at` then says when it was fetched (the shell's status
line shows it) and the screen loads again by itself as soon as the server answers.
"""

from kivy.properties import BooleanProperty, DictProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from mobile.api.errors import ApiError, plain_message, unreachable
from mobile.offline.read_cache import request_key
from mobile.offline.wording import NOT_SAVED


class QuidScreen(Screen):
    """A screen of the app. Subclasses set `name`, `title` and override `refresh()`."""

    session = ObjectProperty(None)
    navigator = ObjectProperty(None)
    title = StringProperty("")
    loading = BooleanProperty(False)
    error = StringProperty("")
    # Top-level screens sit in the bottom bar; others show a back arrow.
    top_level = BooleanProperty(False)
    # The sign-in screen hides the app's bars.
    show_bars = BooleanProperty(True)
    parameters = DictProperty({})
    # When the oldest answer shown that came from the phone was fetched (0: all live).
    saved_at = NumericProperty(0)
    # Something could not be fetched and was not kept (offline).
    unsaved = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Answers shown from the phone (request key -> fetched at), and the lists followed.
        self._kept_pieces: dict[str, float] = {}
        self._shown_pieces: set[str] = set()
        self._unsaved_pieces: set[str] = set()
        self._followed_lists = []
        self._in_flight = 0
        if self.session is not None:
            self.session.bind(online=self._connection_changed)

    def enter(self, *, returning: bool = False, **parameters) -> None:
        """Called by the navigator before the screen shows, with its parameters."""
        self.parameters = parameters
        self.error = ""
        stale_and_online = (self.saved_at or self.unsaved) and self.session is not None and self.session.online
        if not returning or self.refresh_on_return or stale_and_online:
            self._forget_pieces()
            self.refresh()

    # Screens whose content may change while the person is away reload when they come back.
    refresh_on_return = True

    def refresh(self) -> None:
        """Load what the screen shows (override)."""

    def fetch(
        self,
        path: str,
        on_success,
        *,
        query: dict | None = None,
        method: str = "GET",
        body=None,
        on_error=None,
        keep: bool = True,
        wanted=lambda: True,
    ) -> None:
        """Call the API off the UI thread, with the loading indicator and plain-words errors.

        A GET is kept on the phone and, offline, shown from there (`keep=False`: never). When
        Quid cannot be reached the status line says so; the screen only says what it cannot
        show. `wanted()` False when the answer comes: the screen has moved on, and neither
        error nor freshness is noted (`on_success` and `on_error` still decide for themselves).
        """
        self._in_flight += 1
        self.loading = True
        self.error = ""
        # Only a signed-in person's reads are kept (keyed by them): the sign-in screen's are not.
        keeping = keep and method == "GET" and self.session.signed_in
        piece = request_key(path, query)

        def arrived(result):
            if keeping and wanted():
                self._piece_shown(piece, fetched_at=0)
            on_success(result)

        def kept(result, fetched_at):
            if wanted():
                self._piece_shown(piece, fetched_at=fetched_at)
            on_success(result)

        def failed(error):
            if not wanted():
                pass
            elif not unreachable(error):
                self.error = plain_message(error)
            elif keeping:
                self._piece_unsaved(piece)
            if on_error is not None:
                on_error(error)

        def finished():
            self._in_flight -= 1
            self.loading = self._in_flight > 0

        self.session.api.request(
            method,
            path,
            query=query,
            body=body,
            on_success=arrived,
            on_error=failed,
            on_kept=kept if keeping else None,
            on_finish=finished,
        )

    # Offline: what shows from the phone, and what could not be shown at all

    def follow_list(self, paged_list) -> None:
        """Count a PagedList's kept pages and gaps as this screen's (its status line, its reload)."""
        self._followed_lists.append(paged_list)
        paged_list.bind(saved_at=self._recount, unsaved=self._recount)

    def _piece_shown(self, piece: str, *, fetched_at: float) -> None:
        """An answer shown: live (fetched_at 0) or kept on the phone since `fetched_at`."""
        self._shown_pieces.add(piece)
        self._unsaved_pieces.discard(piece)
        if fetched_at:
            self._kept_pieces[piece] = fetched_at
        else:
            self._kept_pieces.pop(piece, None)
        if self.error == NOT_SAVED:
            self.error = ""
        self._recount()

    def _piece_unsaved(self, piece: str) -> None:
        """Offline and not kept. Said in place of the content only while nothing else shows:
        otherwise the status line says the connection is down, and what shows stays put."""
        self._unsaved_pieces.add(piece)
        if not self.has_content():
            self.error = NOT_SAVED
        self._recount()

    def has_content(self) -> bool:
        """Whether the screen shows something already (override when it can show what the app
        knows without a request, like one's own profile)."""
        return bool(self._shown_pieces)

    def _forget_pieces(self) -> None:
        self._kept_pieces.clear()
        self._shown_pieces.clear()
        self._unsaved_pieces.clear()
        self._recount()

    def _recount(self, *_args) -> None:
        moments = [*self._kept_pieces.values(), *(lst.saved_at for lst in self._followed_lists)]
        moments = [moment for moment in moments if moment]
        self.saved_at = min(moments) if moments else 0
        self.unsaved = bool(self._unsaved_pieces) or any(lst.unsaved for lst in self._followed_lists)

    def _connection_changed(self, _session, online: bool) -> None:
        # The server answers again: what shows from the phone, or not at all, loads afresh.
        if online and (self.saved_at or self.unsaved) and self.manager and self.manager.current == self.name:
            self._unsaved_pieces.clear()
            self._recount()
            self.refresh()

    # Errors and the outbox

    def show_refusal(self, error, *, show_field_errors, describe=plain_message) -> None:
        """A validation refusal under the fields it names; anything else as the screen's error."""
        if isinstance(error, ApiError) and error.is_validation and error.field_errors:
            show_field_errors(error.field_errors)
        else:
            self.error = describe(error)

    def queue(
        self,
        *,
        method: str = "POST",
        path: str,
        body: dict | None = None,
        kind: str,
        label: str,
        uploads: list[dict] | None = None,
    ):
        """Put a create or action (and its photos) in the outbox; it reaches the server when it can."""
        return self.session.enqueue(method=method, path=path, body=body, kind=kind, label=label, uploads=uploads)
