"""The thread that empties the outbox: in order, one at a time, until the server answers.

- 2xx: the item is done and leaves the outbox.
- network failure, 5xx, 408/429: the item stays at the head and is retried after a backoff;
  the items behind it wait, so the server sees them in the order they were made.
- 401 after a refused refresh: sending pauses until the person signs in again.
- any other 4xx (validation, a trade that moved on): the item is parked as rejected for the
  person to fix or discard, and the queue moves on.

An item with photos sends them first, one POST /attachments each (with a key derived from
the item's, so a retry after a lost answer gets the same photo back), remembering each id as
it comes; then the item itself, naming them in `attachment_ids`. A photo the server refuses
(too large, not a photo) rejects the whole item, to be fixed in the form it came from.
"""

import threading
import time
from collections.abc import Callable

from mobile.api.client import ApiClient, UploadFile
from mobile.api.errors import PHOTO_GONE, ApiError, MissingFile, NetworkError
from mobile.outbox.backoff import Backoff
from mobile.outbox.store import OutboxItem, OutboxStore
from mobile.storage.photos import PhotoShelf

IDLE_WAIT_SECONDS = 30
PHOTO_PATH = "/attachments"


class OutboxSender:
    """Sends the outbox through `client`; reports each outcome through the callbacks.

    The callbacks run on the sender thread; the session moves them to the UI thread.
    """

    def __init__(
        self,
        *,
        store: OutboxStore,
        client: ApiClient,
        backoff: Backoff,
        photos: PhotoShelf,
        on_sent: Callable[[OutboxItem, object], None],
        on_rejected: Callable[[OutboxItem, ApiError], None],
        on_changed: Callable[[], None],
    ):
        self._store = store
        self._photos = photos
        self._client = client
        self._backoff = backoff
        self._on_sent = on_sent
        self._on_rejected = on_rejected
        self._on_changed = on_changed
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quid-outbox", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look at the outbox now (something was added, or the network is back)."""
        self._wake.set()

    def stop(self, timeout: float = 5) -> None:
        """Finish the request in flight, if any, and stop."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                wait = self._send_head()
                if wait:
                    self._wake.wait(wait)
                    self._wake.clear()
        finally:
            self._store.close()

    def _send_head(self) -> float:
        """Try the oldest pending item if it is due; return how long to wait before looking again."""
        tokens = self._client.tokens
        if not tokens.signed_in:
            return IDLE_WAIT_SECONDS
        item = self._store.head(user_id=tokens.user_id)
        if item is None:
            return IDLE_WAIT_SECONDS
        due_in = item.next_attempt_at - time.time()
        if due_in > 0:
            return due_in
        pending_upload = item.pending_upload
        try:
            if pending_upload is not None:
                # Its photos first, one request each, then the item naming them.
                index, upload = pending_upload
                photo = self._client.call(
                    "POST",
                    PHOTO_PATH,
                    file=UploadFile(self._photos.path(upload["path"]), content_type=upload["content_type"]),
                    headers={"Idempotency-Key": f"{item.idempotency_key}/photo/{index}"},
                )
                self._store.record_upload(item.id, index=index, attachment_id=photo["id"])
                return 0
            result = self._client.call(
                item.method, item.path, body=item.request_body(), headers={"Idempotency-Key": item.idempotency_key}
            )
        except NetworkError:
            self._postpone(item)
            return 0
        except MissingFile:
            self._reject(item, ApiError(422, {"message": PHOTO_GONE, "errors": {"photos": [PHOTO_GONE]}}))
            return 0
        except ApiError as error:
            if error.is_temporary:
                self._postpone(item)
            elif error.status == 401:
                return IDLE_WAIT_SECONDS  # signed out: wait for the next sign-in to wake us
            else:
                self._reject(item, error)
            return 0
        self._store.remove(item.id)
        self._on_sent(item, result)
        self._on_changed()
        return 0

    def _reject(self, item: OutboxItem, error: ApiError) -> None:
        # The HTTP status goes last: the API's own `status` is the reason phrase.
        self._store.reject(item.id, error={**error.payload, "status": error.status})
        self._on_rejected(self._store.get(item.id), error)
        self._on_changed()

    def _postpone(self, item: OutboxItem) -> None:
        delay = self._backoff.delay(item.attempts + 1)
        self._store.postpone(item.id, until=time.time() + delay)
        self._on_changed()
