"""A small bounded table that forgets its least recently used entry first."""

import threading
from collections import OrderedDict


class LeastRecentlyUsed:
    """A thread-safe mapping of at most `capacity` entries; the least recently used goes first."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The value kept for `key` (now the most recently used), or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def keep(self, key, value) -> None:
        """Keep `value` for `key`, forgetting the least recently used entries beyond capacity."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
