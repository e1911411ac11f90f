"""One API client: every call runs off the UI thread; results come back on the Kivy clock.

`call()` is the synchronous core, used by worker threads and the outbox sender; `request()`
runs `call()` on a worker and hands the outcome to callbacks on the UI thread. An expired
access token is refreshed once, transparently, and the request retried; a refused refresh
signs the person out.

A GET asked with `on_kept` is kept on the phone (mobile/offline/read_cache.py) when it
succeeds; when Quid cannot be reached, the kept answer goes to `on_kept(data, fetched_at)`
instead of an error.
"""

import json
import os
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from kivy.clock import Clock

from mobile.api.errors import UNREACHABLE_STATUSES, ApiError, MissingFile, NetworkError, unreachable
from mobile.offline.read_cache import Kept, ReadCache
from mobile.storage.tokens import TokenStore

API_PREFIX = "/api/v1"
REQUEST_TIMEOUT_SECONDS = 15
WORKER_THREADS = 4


def on_ui_thread(function: Callable, *args) -> None:
    """Run `function(*args)` on the next frame of the Kivy clock (the UI thread)."""
    Clock.schedule_once(lambda _elapsed: function(*args), 0)


class ApiClient:
    """HTTP+JSON against `server_address()`, with bearer tokens from `tokens`."""

    def __init__(
        self,
        *,
        server_address: Callable[[], str],
        tokens: TokenStore,
        on_connectivity: Callable[[bool], None] = lambda online: None,
        on_signed_out: Callable[[], None] = lambda: None,
        read_cache: ReadCache | None = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
    ):
        self._server_address = server_address
        self.tokens = tokens
        self.read_cache = read_cache
        self._on_connectivity = on_connectivity
        self._on_signed_out = on_signed_out
        self._timeout = timeout
        self._refresh_lock = threading.Lock()
        self._closed = False
        self._workers = ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="quid-api")

    def request(
        self,
        method: str,
        path: str,
        *,
        on_success: Callable = lambda result: None,
        on_error: Callable = lambda error: None,
        on_finish: Callable = lambda: None,
        on_kept: Callable | None = None,
        **options,
    ) -> None:
        """Run `call(method, path, **options)` off the UI thread; callbacks run on it.

        `on_success(result)` or `on_error(error)`, then `on_finish()` either way. With
        `on_kept` (GET only), a success is also kept on the phone for the signed-in person,
        and when Quid cannot be reached their kept answer goes to `on_kept(data, fetched_at)`
        instead of `on_error` (which still hears of it when nothing was kept).
        """
        keeper = self._keeper(path, options.get("query")) if on_kept is not None and method == "GET" else None

        def work():
            try:
                result = self.call(method, path, **options)
            except Exception as error:  # a bug or a garbled answer must still end the spinner
                kept = keeper.read() if keeper is not None and unreachable(error) else None
                if kept is not None:
                    on_ui_thread(self._finish, lambda answer: on_kept(answer.data, answer.fetched_at), kept, on_finish)
                else:
                    on_ui_thread(self._finish, on_error, error, on_finish)
            else:
                on_ui_thread(self._finish, on_success, result, on_finish)
                if keeper is not None:
                    keeper.write(result)  # after handing it over: the screen need not wait for the disk

        if self._closed:
            return  # the app is closing; a late timer's request has nowhere to report to
        self._workers.submit(work)

    def _keeper(self, path: str, query: dict | None) -> "_Keeper | None":
        """Who and what a GET is kept under: the server and person asking now, or None."""
        if self.read_cache is None or not self.tokens.signed_in or self.tokens.user_id is None:
            return None
        return _Keeper(
            self, server=self._server_address().rstrip("/"), user_id=self.tokens.user_id, path=path, query=query
        )

    def keep_signed_in(self, path: str, query: dict | None, data) -> None:
        """Keep `data` as the person's answer to GET `path`, just after they signed in (the
        profile in the sign-in answer); from now on their reads are kept again."""
        keeper = self._keeper(path, query)
        if keeper is not None:
            keeper.write(data, signed_in_again=True)

    def forget_kept(self) -> None:
        """Drop what is kept for the signed-in person (before they sign out)."""
        keeper = self._keeper("", None)
        if keeper is not None:
            keeper.forget()

    @staticmethod
    def _finish(callback, value, on_finish) -> None:
        try:
            callback(value)
        finally:
            on_finish()

    def call(
        self,
        method: str,
        path: str,
        *,
        body=None,
        query: dict | None = None,
        headers: dict | None = None,
        authenticated: bool = True,
        as_text: bool = False,
        as_bytes: bool = False,
        file: "UploadFile | None" = None,
    ):
        """Send one request and return its JSON (None for 204), or with `as_text` the body as
        text (a CSV export), with `as_bytes` as bytes (a photo); `file` sends a file as a
        multipart form instead of a JSON body. Raises ApiError or NetworkError.

        Never call this on the UI thread.
        """
        access_token = self.tokens.access_token if authenticated else None
        options = {
            "body": body,
            "query": query,
            "headers": headers,
            "as_text": as_text,
            "as_bytes": as_bytes,
            "file": file,
        }
        try:
            return self._send(method, path, token=access_token, **options)
        except ApiError as error:
            if error.status != 401 or not authenticated or not self.tokens.signed_in:
                raise
        self._refresh(expired_access_token=access_token)
        return self._send(method, path, token=self.tokens.access_token, **options)

    def _refresh(self, *, expired_access_token: str | None) -> None:
        """Exchange the refresh token for a new pair, once even when several requests saw 401."""
        with self._refresh_lock:
            if self.tokens.access_token != expired_access_token:
                return  # another thread refreshed while this one waited
            refresh_token = self.tokens.refresh_token
            try:
                pair = self._send("POST", "/auth/refresh", token=refresh_token)
            except ApiError as error:
                if error.status in (401, 422):
                    self.tokens.clear()
                    on_ui_thread(self._on_signed_out)
                    raise ApiError(401, {}) from error
                raise
            self.tokens.save(access_token=pair["access_token"], refresh_token=pair["refresh_token"])

    def _send(
        self,
        method: str,
        path: str,
        *,
        body=None,
        query=None,
        headers=None,
        token=None,
        as_text=False,
        as_bytes=False,
        file=None,
    ):
        address = self._server_address().rstrip("/") + API_PREFIX + path
        if query:
            present = {key: value for key, value in query.items() if value not in (None, "")}
            address += "?" + urllib.parse.urlencode(present)
        content_type = None
        if file is not None:
            try:
                data, content_type = file.multipart()
            except OSError as error:
                raise MissingFile(file.path) from error
        elif body is not None:
            data, content_type = json.dumps(body).encode("utf-8"), "application/json"
        else:
            data = None
        request = urllib.request.Request(address, data=data, method=method)
        request.add_header("Accept", "text/csv" if as_text else "image/*" if as_bytes else "application/json")
        if content_type is not None:
            request.add_header("Content-Type", content_type)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                content = response.read()
        except urllib.error.HTTPError as error:
            # A gateway's 502-504 means Quid itself did not answer.
            self._on_connectivity(error.code not in UNREACHABLE_STATUSES)
            raise ApiError(error.code, _json_or_none(error.read())) from None
        except (urllib.error.URLError, OSError) as error:
            self._on_connectivity(False)
            raise NetworkError(str(error)) from None
        self._on_connectivity(True)
        if as_text:
            return content.decode("utf-8-sig", errors="replace")
        if as_bytes:
            return content
        return _json_or_none(content)

    def shutdown(self) -> None:
        """Stop taking work; requests in flight finish on their own."""
        self._closed = True
        self._workers.shutdown(wait=False, cancel_futures=True)


class UploadFile:
    """A file on the phone to send as a multipart form's one file part (a photo)."""

    def __init__(
        self, path: str | os.PathLike, *, field: str = "photo", content_type: str = "application/octet-stream"
    ):
        self.path = os.fspath(path)
        self.field = field
        self.content_type = content_type

    def multipart(self) -> tuple[bytes, str]:
        """The request body and its Content-Type (read when sent: a file of at most a few MB)."""
        with open(self.path, "rb") as handle:
            content = handle.read()
        boundary = f"quid-{uuid.uuid4().hex}"
        # The file's name on the phone is nobody's business: the server keeps none.
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{self.field}"; '
            f'filename="photo{os.path.splitext(self.path)[1]}"\r\nContent-Type: {self.content_type}\r\n\r\n'
        )
        body = head.encode("ascii") + content + f"\r\n--{boundary}--\r\n".encode("ascii")
        return body, f"multipart/form-data; boundary={boundary}"


class _Keeper:
    """One GET's place in the read cache. A cache that fails (a full disk) only means nothing
    is kept: reading the live answer must never fail because of it."""

    def __init__(self, client: ApiClient, *, server: str, user_id: int, path: str, query: dict | None):
        self._client = client
        self._where = {"server": server, "user_id": user_id, "path": path, "query": query}

    def write(self, data, *, signed_in_again: bool = False) -> None:
        # Not for someone who signed out (or in as another person) while this was on its way.
        if self._client.tokens.user_id != self._where["user_id"]:
            return
        try:
            self._client.read_cache.keep(**self._where, data=data, signed_in_again=signed_in_again)
        except (sqlite3.Error, OSError, TypeError, ValueError):
            pass

    def forget(self) -> None:
        # Not swallowed: a sign-out that could not forget must not look as if it had.
        self._client.read_cache.forget_person(server=self._where["server"], user_id=self._where["user_id"])

    def read(self) -> Kept | None:
        try:
            return self._client.read_cache.kept(**self._where)
        except (sqlite3.Error, OSError, ValueError):
            return None


def _json_or_none(content: bytes):
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return None
