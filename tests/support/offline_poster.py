"""A separate app process that queues posts while the server is down, then waits to be killed.

    python -m tests.support.offline_poster SERVER_ADDRESS DATA_DIRECTORY TITLE...

It prints `QUEUED n` once the status line shows every post queued; the test then kills
it with SIGKILL, as a phone's OS would kill an app in the background.
"""

import sys
import time

from tests.support.app_driver import Phone, pump, wait_until


def main(server_address: str, data_directory: str, titles: list[str]) -> None:
    phone = Phone(server_address, data_directory)
    for title in titles:
        phone.session.enqueue(
            method="POST",
            path="/posts",
            kind="post",
            label=f"Insight: {title}",
            body={
                "kind": "insight",
                "title": title,
                "tags": [],
                "audience": "firm",
                "body": "Written in a basement car park with no signal at all.",
            },
        )
    status = phone.shell.ids.status_text
    wait_until(lambda: status.text.startswith(f"Offline · {len(titles)} to send"), "the offline status line")
    print(f"QUEUED {len(titles)}", flush=True)
    while True:  # keep trying to send, like a live app, until killed
        pump(0.2)
        time.sleep(0.05)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
