"""A throwaway Redis server on a free loopback port, owned by the test that starts it.

    with start_redis() as redis_server:
        start_gunicorn(environment={"REDIS_URL": redis_server.url}, ...)

Debian's `redis-server` (the Makefile's `test` target installs it) runs in the foreground in
a temporary directory, keeping nothing on disk; `stop()` shuts it down and removes the
directory.
"""

import atexit
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from tests.support.gunicorn import free_loopback_port
from tests.support.processes import OwnedServer

PROGRAM = "redis-server"
POLL_INTERVAL_SECONDS = 0.05


class RedisServer(OwnedServer):
    """A running redis-server; `url` is what REDIS_URL takes."""

    log_name = "redis.log"

    def __init__(self, process: subprocess.Popen, port: int, directory: Path):
        super().__init__(process, port, directory)
        self.url = f"redis://127.0.0.1:{port}/0"


def start_redis(*, timeout_seconds: float = 10) -> RedisServer:
    """Start redis-server and return once it answers PING; RuntimeError with its log if not."""
    if shutil.which(PROGRAM) is None:
        raise RuntimeError(f"{PROGRAM} is not installed: apt-get install -y redis-server")
    directory = Path(tempfile.mkdtemp(prefix="quid-redis-"))
    port = free_loopback_port()
    command = [
        PROGRAM,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(directory),
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--logfile",
        str(directory / "redis.log"),
    ]
    process = subprocess.Popen(
        command, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    server = RedisServer(process, port, directory)
    atexit.register(server.stop)
    deadline = time.monotonic() + timeout_seconds
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    try:
        while True:
            try:
                client.ping()
                return server
            except redis.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() >= deadline:
                log = server.log_tail()
                server.stop()
                raise RuntimeError(f"redis-server did not answer on port {port}:\n{log}")
            time.sleep(POLL_INTERVAL_SECONDS)
    finally:
        client.close()
