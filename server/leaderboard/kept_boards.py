"""Computed boards kept in the worker's memory, and recomputed ahead of expiry while read.

A board is kept for `LEADERBOARD_CACHE_SECONDS` (0 computes it for every reader). A reader
who gets a kept board in the last quarter of its lifetime starts its recomputation in a
background thread and is answered at once; the new board replaces the old one when it is
ready. So a board that is read all the time is never computed while a reader waits (at a
million ledger entries that takes a tenth to a third of a second, during which a worker
with one thread answers no one), and no reader gets a board older than its lifetime: one
that nobody read in its last quarter expires, and its next reader computes it.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, current_app

from server.common import clock
from server.database import read_only_work

KEPT_BOARDS = 64
# The share of its lifetime after which a read board is recomputed: late enough not to
# compute busy boards much more often than they expire, early enough that a slow
# computation (a third of a second at a million entries) ends well before.
RECOMPUTE_AFTER = 0.75

_kept: OrderedDict = OrderedDict()  # key -> (when its computation started, board)
_recomputing: set = set()
_lock = threading.Lock()


def kept_board(key: Hashable, compute: Callable):
    """The board kept under `key`, or `compute()`'s (kept for the configured lifetime).

    `compute` must need no request: it may run in a background thread, in an app context
    of its own.
    """
    lifetime = current_app.config["LEADERBOARD_CACHE_SECONDS"]
    now = clock.monotonic_seconds()
    recompute_ahead = False
    with _lock:
        kept = _kept.get(key)
        if kept is not None and now - kept[0] < lifetime:
            _kept.move_to_end(key)
            if now - kept[0] >= lifetime * RECOMPUTE_AFTER and key not in _recomputing:
                _recomputing.add(key)
                recompute_ahead = True
        else:
            kept = None
    if kept is not None:
        if recompute_ahead:
            recompute_in_background(current_app._get_current_object(), key, compute)
        return kept[1]
    board = compute()
    if lifetime > 0:
        keep(key, now, board)
    return board


def keep(key: Hashable, computed_at: float, board) -> None:
    """Keep `board` under `key` unless a board computed later is kept already."""
    with _lock:
        kept = _kept.get(key)
        if kept is None or kept[0] <= computed_at:
            _kept[key] = (computed_at, board)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_BOARDS:
            _kept.popitem(last=False)


def recompute_in_background(app: Flask, key: Hashable, compute: Callable) -> None:
    """Compute the board for `key` again in a thread of its own and keep it."""

    def recompute():
        try:
            with app.app_context(), read_only_work():
                computed_at = clock.monotonic_seconds()
                keep(key, computed_at, compute())
        except Exception:
            # The kept board stays until it expires; its next reader then computes it.
            app.logger.exception("Recomputing the leaderboard %r in the background failed", key)
        finally:
            with _lock:
                _recomputing.discard(key)

    threading.Thread(target=recompute, name="quid-leaderboard-recompute", daemon=True).start()
