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

PROGRAM = "redis-server"
POLL_INTERVAL_SECONDS = 0.05
STOP_GRACE_SECONDS = 10
LOG_TAIL_LINES = 20


class RedisServer:
    """A running redis-server; `url` is what REDIS_URL takes."""

    def __init__(self, process: subprocess.Popen, port: int, directory: Path):
        self.process = process
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.directory = directory
        self._stopped = False

    def log_tail(self) -> str:
        try:
            lines = (self.directory / "redis.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-LOG_TAIL_LINES:])

    def stop(self) -> None:
        """SIGTERM (Redis exits at once when it keeps nothing), then SIGKILL; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> "RedisServer":
        return self

    def __exit__(self, *exception) -> None:
        self.stop()


def start_redis(*, timeout_seconds: float = 10) -> RedisServer:
    """Start redis-server and return once it answers PING; RuntimeError with its log if not."""
    if shutil.which(PROGRAM) is None:
        raise RuntimeError(f"{PROGRAM} is not installed: apt-get install -y redis-server")
    directory = Path(tempfile.mkdtemp(prefix="quid-redis-"))
    port = free_loopback_port()
    command = [PROGRAM, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(directory),
               "--save", "", "--appendonly", "no", "--daemonize", "no",
               "--logfile", str(directory / "redis.log")]
    process = subprocess.Popen(command, cwd=directory, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
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
