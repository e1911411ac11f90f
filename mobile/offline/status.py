"""The one status line: how the connection stands, what waits to be sent, how old what shows is.

It lives in the top bar (mobile/shell.kv), which is always there: it never covers content
and never moves it. It clears as soon as the server answers and the outbox is empty.
"""

from datetime import datetime

from mobile.ui.moments import saved_ago

OFFLINE = "Offline"


def status_line(*, online: bool, queued: int, rejected: int, saved_at: float, now: datetime | None = None) -> str:
    """'Offline · 2 to send · saved 12 min ago', 'Sending 1…', '1 to fix', or '' when all is well.

    `saved_at` is when the oldest kept answer the current screen shows was fetched (0: none).
    """
    parts = [] if online else [OFFLINE]
    if rejected:
        parts.append(f"{int(rejected)} to fix")
    if queued:
        parts.append(f"Sending {int(queued)}…" if online else f"{int(queued)} to send")
    if saved_at:
        parts.append(saved_ago(saved_at, now=now))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]
