"""A throwaway PostgreSQL cluster for the test run.

`start_cluster()` runs `initdb` and `pg_ctl` from Debian's /usr/lib/postgresql/<N>/bin into a
temporary directory and serves on a free loopback port; `stop()` shuts it down and removes
the directory. PostgreSQL refuses to run as root, so as root the binaries run as the
`postgres` user through `runuser`.

Set QUID_TEST_POSTGRES_URL to use a server that is already running instead (pytest-xdist's
workers get the first process's cluster this way); stopping such a handle does nothing.
"""

import atexit
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from tests.support.gunicorn import free_loopback_port

EXTERNAL_URL_VARIABLE = "QUID_TEST_POSTGRES_URL"
DEBIAN_INSTALL_ROOT = Path("/usr/lib/postgresql")
REQUIRED_PROGRAMS = ("initdb", "pg_ctl", "postgres")
SERVER_USER = "postgres"
# Durability is pointless for a database that is deleted at the end of the run.
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
LOG_TAIL_LINES = 40


class PostgresCluster:
    """A running PostgreSQL server and the databases the tests make on it."""

    def __init__(self, url: str, *, on_stop: Callable[[], None] | None = None):
        self.url = _with_psycopg_driver(url)
        self._on_stop = on_stop

    def database_url(self, name: str) -> str:
        """The SQLAlchemy URL of database `name` on this server."""
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + quote(name, safe="")))

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database `name` (a copy of `template` when given) and return its URL."""
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._connect() as connection:
            connection.execute(statement)
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        """Drop database `name` if it exists, disconnecting whoever is still using it."""
        with self._connect() as connection:
            if connection.info.server_version >= 130000:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                return
            # Before PostgreSQL 13 a database with sessions cannot be dropped, and nothing
            # can stop new ones arriving in between; the test run is the only client.
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))

    def stop(self) -> None:
        """Stop the server and delete its files; nothing for an external server. Idempotent."""
        on_stop, self._on_stop = self._on_stop, None
        if on_stop is not None:
            on_stop()

    def _connect(self) -> psycopg.Connection:
        # CREATE and DROP DATABASE cannot run inside a transaction block.
        return psycopg.connect(_libpq_url(self.url), autocommit=True, connect_timeout=10)


def start_cluster() -> PostgresCluster:
    """A running cluster: the one named by QUID_TEST_POSTGRES_URL, else a new throwaway one.

    Raises RuntimeError, with the end of the server's log, when the server cannot start.
    """
    external_url = os.environ.get(EXTERNAL_URL_VARIABLE)
    if external_url:
        return PostgresCluster(external_url)
    bin_directory = find_postgres_bin()
    if bin_directory is None:
        raise RuntimeError(
            f"PostgreSQL is not installed (no {DEBIAN_INSTALL_ROOT}/<version>/bin and no pg_ctl "
            f"on PATH): run `scripts/ensure-system-packages postgresql`, or set "
            f"{EXTERNAL_URL_VARIABLE} to a running server."
        )
    server = _LocalServer(bin_directory)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    cluster = PostgresCluster(server.url, on_stop=server.stop)
    # A run that dies before its teardown must not leave a server behind.
    atexit.register(cluster.stop)
    return cluster


def find_postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin directory (with initdb, pg_ctl, postgres), if any."""
    candidates = []
    if DEBIAN_INSTALL_ROOT.is_dir():
        for version_directory in DEBIAN_INSTALL_ROOT.iterdir():
            if re.fullmatch(r"\d+(\.\d+)*", version_directory.name):
                version = tuple(int(part) for part in version_directory.name.split("."))
                candidates.append((version, version_directory / "bin"))
    for _, bin_directory in sorted(candidates, reverse=True):
        if _has_server_programs(bin_directory):
            return bin_directory
    # Elsewhere than Debian the programs are usually on PATH.
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is not None and _has_server_programs(Path(pg_ctl).resolve().parent):
        return Path(pg_ctl).resolve().parent
    return None


class _LocalServer:
    """initdb, pg_ctl start and pg_ctl stop for one cluster in a temporary directory."""

    def __init__(self, bin_directory: Path):
        self.bin_directory = bin_directory
        self.as_root = os.geteuid() == 0
        account = _server_account() if self.as_root else None
        self.directory = Path(tempfile.mkdtemp(prefix="quid-postgres-", dir=_parent_directory()))
        self.data_directory = self.directory / "data"
        self.log_path = self.directory / "log"
        self.port = free_loopback_port()
        self.url = f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/postgres"
        self.owner_process = os.getpid()
        self.stopped = False
        if account is not None:
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        self.directory.chmod(0o700)

    def start(self) -> None:
        self._initialise()
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {shlex.quote(str(self.directory))} {SERVER_OPTIONS}"
        result = self._run(
            "pg_ctl", "-D", str(self.data_directory), "-l", str(self.log_path), "-w", "-o", options, "start"
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL did not start (pg_ctl exit {result.returncode}):\n"
                f"{result.stdout.strip()}\n--- end of the server log ---\n"
                f"{_tail(self.log_path)}"
            )

    def stop(self) -> None:
        # Forked children inherit the atexit hook; only the process that started it stops it.
        if self.stopped or os.getpid() != self.owner_process:
            return
        self.stopped = True
        if self.data_directory.joinpath("postmaster.pid").exists():
            postmaster = _postmaster_process(self.data_directory)
            result = self._run("pg_ctl", "-D", str(self.data_directory), "-m", "immediate", "-w", "stop")
            if result.returncode != 0 and postmaster is not None:
                # Never delete the files of a server that is still running.
                _kill_quietly(postmaster)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _initialise(self) -> None:
        arguments = ["-D", str(self.data_directory), "-A", "trust", "-U", SERVER_USER, "--no-sync", "-E", "UTF8"]
        result = self._run("initdb", *arguments, "--locale=C.UTF-8")
        if result.returncode != 0 and "locale" in result.stdout.lower():
            # Some minimal systems lack C.UTF-8; the plain C locale works with UTF8 too.
            shutil.rmtree(self.data_directory, ignore_errors=True)
            result = self._run("initdb", *arguments, "--no-locale")
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed (exit {result.returncode}):\n{result.stdout}")

    def _run(self, program: str, *arguments: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_directory / program), *arguments]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        # The server's own directory as working directory: the postgres user may not be
        # allowed into the caller's, and initdb and pg_ctl look up their current directory.
        return subprocess.run(
            command,
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )


def _with_psycopg_driver(url: str) -> str:
    """`url` with the psycopg 3 driver when it names none (SQLAlchemy would pick psycopg2)."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql"):
        return urlunsplit(parts._replace(scheme="postgresql+psycopg"))
    return url


def _libpq_url(url: str) -> str:
    """A SQLAlchemy URL such as postgresql+psycopg://... as libpq wants it: postgresql://..."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=parts.scheme.split("+")[0]))


def _has_server_programs(bin_directory: Path) -> bool:
    return all(os.access(bin_directory / program, os.X_OK) for program in REQUIRED_PROGRAMS)


def _server_account() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise RuntimeError(
            f"PostgreSQL refuses to run as root and there is no `{SERVER_USER}` user to run it as"
        ) from None


def _parent_directory() -> str:
    """Where to make the cluster's directory: one the postgres user can reach when we are root."""
    default = tempfile.gettempdir()
    if os.geteuid() == 0 and not os.stat(default).st_mode & 0o001:
        return "/tmp"
    return default


def _postmaster_process(data_directory: Path) -> int | None:
    try:
        return int(data_directory.joinpath("postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _kill_quietly(process_id: int) -> None:
    try:
        os.kill(process_id, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"(no log: {error})"
