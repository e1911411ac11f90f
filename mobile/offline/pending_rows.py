"""Things still in the outbox, shown in place in a list until the server has them.

A list (a PagedList) shows, above the server's rows, a row for each outbox item that
belongs in it ("Sending…"). When the outbox delivers one, the server's item takes its row
at once, and stays pinned until a first page asked for after the delivery is in: that page
has it. The list leaves out a server row whose identity (post_id, trade_id) a pinned row
has, so the item shows exactly once all along: queued, then delivered, then the server's.
"""

import time
from collections.abc import Callable

from mobile.outbox.store import OutboxItem


class PendingRows:
    """Keeps `rows.pinned` to the session's outbox items for it and those just delivered.

    `queued_row(item)` is the row of an outbox item, or None when it does not belong in the
    list as it is now (another tab); `delivered_row(item, result)` likewise for the server's
    answer to a delivered item.
    """

    def __init__(
        self,
        *,
        session,
        rows,
        queued_row: Callable[[OutboxItem], dict | None],
        delivered_row: Callable[[OutboxItem, dict], dict | None],
    ):
        self._session = session
        self._rows = rows
        self._queued_row = queued_row
        self._delivered_row = delivered_row
        # Idempotency-Key -> (the outbox item, the server's answer, when it was delivered).
        self._delivered: dict[str, tuple[OutboxItem, dict, float]] = {}
        rows.bind(asked_at=self._page_in)
        session.bind(queued=self.pin, rejected=self.pin, on_outbox_sent=self._sent)

    def pin(self, *_args) -> None:
        """Show the rows as the outbox and the deliveries stand now, newest first."""
        queued = [self._queued_row(item) for item in reversed(self._session.outbox_items())]
        delivered = [
            self._delivered_row(item, result)
            for item, result, _when in sorted(self._delivered.values(), key=lambda entry: -entry[2])
        ]
        self._rows.pinned = [row for row in queued + delivered if row is not None]

    def delivered(self, item: OutboxItem) -> bool:
        """Whether `item` was delivered and its server row is pinned."""
        return item.idempotency_key in self._delivered

    def _sent(self, _session, item: OutboxItem, result) -> None:
        if not isinstance(result, dict) or self._delivered_row(item, result) is None:
            return  # not this list's (or not while it shows another tab: its next page has it)
        self._delivered[item.idempotency_key] = (item, result, time.monotonic())
        self.pin()

    def _page_in(self, _rows, asked_at: float) -> None:
        # A first page asked for after a delivery has the delivered item: its pin can go.
        self._delivered = {key: entry for key, entry in self._delivered.items() if entry[2] >= asked_at}
        self.pin()
