"""What the throwaway servers the tests start (redis-server, moto's S3) have in common: a
process the test owns, its temporary directory with its log, and a stop that always ends both."""

import shutil
import subprocess
from pathlib import Path

STOP_GRACE_SECONDS = 10
LOG_TAIL_LINES = 20


class OwnedServer:
    """A server process started by a test, logging to `directory / log_name`."""

    log_name = "server.log"

    def __init__(self, process: subprocess.Popen, port: int, directory: Path):
        self.process = process
        self.port = port
        self.directory = directory
        self._stopped = False

    def log_tail(self) -> str:
        try:
            lines = (self.directory / self.log_name).read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-LOG_TAIL_LINES:])

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period; the directory goes too. Idempotent."""
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

    def __enter__(self):
        return self

    def __exit__(self, *exception) -> None:
        self.stop()
