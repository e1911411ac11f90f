"""The real app under gunicorn on a loopback port, for tests that need real processes.

    with start_gunicorn(environment={"DATABASE_URL": url}) as server:
        requests.get(server.base_url + "/api/v1/divisions")

The server runs from the repository root with the test process's environment plus
`environment`; its output goes to a temporary log whose end is in every start error.
"""

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
READINESS_PATH = "/api/v1/divisions"
POLL_INTERVAL_SECONDS = 0.1
STOP_GRACE_SECONDS = 10
LOG_TAIL_LINES = 40


class GunicornServer:
    """A gunicorn master and its workers, serving at `base_url` until `stop()`."""

    def __init__(self, process: subprocess.Popen, port: int, log_path: Path):
        self.process = process
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self._owner_process = os.getpid()
        self._stopped = False

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last `lines` lines of gunicorn's output (empty once stopped)."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM, up to 10 s for a graceful exit, then SIGKILL; removes the log. Idempotent."""
        # Forked children inherit the atexit hook; only the process that started it stops it.
        if self._stopped or os.getpid() != self._owner_process:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                # The master leads its own process group, so this also takes its workers.
                _kill_group(self.process.pid)
                self.process.wait()
        else:
            # Workers can outlive a master that died on its own; they are still in its group.
            _kill_group(self.process.pid)
        self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> "GunicornServer":
        return self

    def __exit__(self, *exception) -> None:
        self.stop()


def start_gunicorn(
    *,
    environment: dict[str, str],
    workers: int = 2,
    app: str = "server:create_app()",
    config_file: str | None = None,
    timeout_seconds: float = 30,
    port: int | None = None,
) -> GunicornServer:
    """Start gunicorn serving `app` and return once it answers HTTP on its readiness path.

    `environment` is added to this process's environment; `config_file` is passed as `-c`
    (its bind and workers are overridden); `port` restarts a server where a stopped one was.
    Raises RuntimeError, with the end of gunicorn's
    output, if it exits or does not answer within `timeout_seconds`.
    """
    port = port or free_loopback_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if config_file is not None:
        command += ["-c", config_file]
    command.append(app)
    descriptor, log_name = tempfile.mkstemp(prefix="quid-gunicorn-", suffix=".log")
    with os.fdopen(descriptor, "wb") as log:
        # Its own session, so that stopping can reach the workers as one process group.
        process = subprocess.Popen(
            command,
            cwd=REPOSITORY_ROOT,
            env=os.environ | environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = GunicornServer(process, port, Path(log_name))
    atexit.register(server.stop)
    try:
        _wait_until_answering(server, timeout_seconds)
    except BaseException:
        # Nothing worth a graceful shutdown has happened yet.
        _kill_group(process.pid)
        server.stop()
        raise
    return server


def _wait_until_answering(server: GunicornServer, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            # Any status will do: the route may need a database or a token, but an answer
            # means a worker has imported the app and is serving.
            requests.get(
                server.base_url + READINESS_PATH,
                timeout=max(min(1, deadline - time.monotonic()), POLL_INTERVAL_SECONDS),
            )
            return
        except requests.RequestException:
            pass
        exit_code = server.process.poll()
        if exit_code is not None:
            raise RuntimeError(f"gunicorn exited with code {exit_code} before answering:\n{server.log_tail()}")
        if time.monotonic() >= deadline:
            raise RuntimeError(
                f"gunicorn did not answer {READINESS_PATH} within {timeout_seconds} s:\n{server.log_tail()}"
            )
        time.sleep(POLL_INTERVAL_SECONDS)


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _kill_group(process_group: int) -> None:
    try:
        os.killpg(process_group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
