"""How Quid talks to its database: SQLite tuning and the request's unit of work.

SQLite is the embedded default. It runs in WAL mode with foreign keys on and a busy
timeout, and every write transaction starts with BEGIN IMMEDIATE: a deferred transaction
that reads and then writes cannot wait for the lock and fails with "database is locked"
when several gunicorn workers write at once. Reads (GET, HEAD, OPTIONS) start deferred so
that they never queue behind writers.

Each request is one transaction: services only flush, and the transaction is committed
after a successful response or rolled back after an error, so nothing is half-written.
The exception is a read-only request on PostgreSQL, which cannot write (it is stopped if it
tries without declaring it) and runs its statements without BEGIN and COMMIT. Server
database connections are checked before use only after sitting idle in the pool.

Slow work that needs no database, such as hashing a password, runs outside any transaction
(`release_transaction_for_slow_work`): on SQLite a POST's transaction holds the write lock
from its first statement, so argon2 inside it would stall every other writer.

Retries: a transaction the database gives up on through no fault of the request's own —
PostgreSQL picking it as a deadlock's victim (SQLSTATE 40P01) or failing it to keep
transactions serialisable (40001), SQLite still finding the file locked after its busy
timeout — is rolled back and the whole request's work run again, up to
TRANSACTION_ATTEMPTS times in all, after a short random pause (`run_request_transaction`,
the one place the request's transaction is run and committed). Each retry is logged with
its cause (WARNING "Retrying the request's transaction"); after the last attempt the error
is answered as a 500 as before. A request that has already committed part of its work
(`commit_now`) is not run again. Lock order comes first, though: services lock the rows of
several people in one order (server/reputation/ledger.py), so deadlocks should not happen;
this is the safety net.
"""

import logging
import random
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager

import psycopg
from flask import Response, current_app, g, has_app_context, has_request_context, jsonify, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.pool import Pool

from server.errors import CONFLICT_MESSAGE, error_payload
from server.extensions import db

log = logging.getLogger(__name__)

# How long a SQLite statement waits for another worker's write lock (the default of the
# SQLITE_BUSY_TIMEOUT_MS setting, and outside an app context).
SQLITE_BUSY_TIMEOUT_MS = 15_000
# How many times a request's transaction is run in all when the database gives up on it
# (see the module's docstring), and the longest pause before a retry, doubled each time.
TRANSACTION_ATTEMPTS = 4
RETRY_PAUSE_SECONDS = 0.05
# PostgreSQL's SQLSTATEs for "deadlock detected" and "could not serialize access".
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


class ReadOnlyRequestWrote(RuntimeError):
    """A programming error: a read-only request wrote without `intend_to_write()`."""


class WroteBeforeSlowWork(RuntimeError):
    """A programming error: slow work was asked to run outside the transaction after the
    unit of work had written, which would either hold the lock or lose the write."""


def request_may_write() -> bool:
    """Whether the current unit of work may write: not in a read-only request unless it
    declared it, nor in work outside a request that declared itself read-only."""
    if not has_request_context():
        return not (has_app_context() and g.get("quid_read_only_work", False))
    return request.method not in READ_ONLY_METHODS or g.get("quid_write_intended", False)


@contextmanager
def read_only_work():
    """Run the enclosed unit of work outside a request (in an app context of its own) as a
    read: on SQLite it takes no write lock, on PostgreSQL it opens no transaction, and a
    write is refused as in a read-only request."""
    g.quid_read_only_work = True
    try:
        yield
    finally:
        g.pop("quid_read_only_work", None)


def intend_to_write() -> None:
    """Declare, before the first query, that this read-only request will write too."""
    g.quid_write_intended = True


@event.listens_for(Engine, "connect")
def configure_sqlite_connection(dbapi_connection, connection_record):
    """Turn on WAL, foreign keys and the busy timeout, and let us issue BEGIN ourselves."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite's own transaction handling would swallow our BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    busy_timeout = (
        int(current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", SQLITE_BUSY_TIMEOUT_MS))
        if has_app_context()
        else SQLITE_BUSY_TIMEOUT_MS
    )
    cursor.execute(f"PRAGMA busy_timeout = {busy_timeout}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def begin_transaction(connection):
    """Start SQLite transactions ourselves (IMMEDIATE when the unit of work may write), and
    run a read-only request's statements on PostgreSQL without a transaction."""
    if connection.dialect.name == "postgresql":
        if not request_may_write():
            # PostgreSQL's READ COMMITTED gives every statement its own snapshot inside a
            # transaction as well, so a unit of work that cannot write loses nothing outside
            # one, and saves the BEGIN and COMMIT round trips on every read request.
            # `return_connection_to_transactions` undoes this when the pool takes it back.
            connection.connection.driver_connection.autocommit = True
        return
    if connection.dialect.name != "sqlite":
        return
    if request_may_write():
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        # A deferred BEGIN takes no lock, so it can neither wait nor fail on one: it goes
        # straight to the driver, skipping SQLAlchemy's statement machinery, which costs as
        # much as the statement itself on every read request.
        connection.connection.driver_connection.execute("BEGIN")


@event.listens_for(Engine, "before_cursor_execute")
def refuse_writes_in_read_requests(connection, cursor, statement, parameters, context, executemany):
    """Fail loudly when a read-only request writes without declaring it first: on
    PostgreSQL its statements run outside a transaction, so the write would not be undone
    with the rest of the request on an error."""
    if WRITE_STATEMENT.match(statement) and not request_may_write():
        if has_request_context():
            raise ReadOnlyRequestWrote(f"A {request.method} request wrote without intend_to_write(): {statement[:80]}")
        raise ReadOnlyRequestWrote(f"Work declared read-only wrote: {statement[:80]}")


@event.listens_for(Engine, "before_cursor_execute")
def note_writes_of_the_unit_of_work(connection, cursor, statement, parameters, context, executemany):
    """Remember that the current transaction has written (see `release_transaction_for_slow_work`)."""
    if has_app_context() and WRITE_STATEMENT.match(statement):
        g.quid_transaction_wrote = True


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def forget_writes_of_the_ended_transaction(connection):
    if has_app_context():
        g.pop("quid_transaction_wrote", None)


@event.listens_for(Engine, "commit")
def note_a_commit_of_the_request(connection):
    """Remember that the request has committed work, which a retry would do twice."""
    if has_request_context():
        g.quid_request_committed = True


def is_transient(error: BaseException) -> bool:
    """Whether the database gave up on the transaction through no fault of the request:
    a PostgreSQL deadlock victim or serialisation failure, or SQLite's "database is locked"
    after the busy timeout."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if isinstance(original, psycopg.Error):
        return original.sqlstate in TRANSIENT_SQLSTATES
    return isinstance(original, sqlite3.OperationalError) and "database is locked" in str(original)


def run_request_transaction(dispatch: Callable[[], object]) -> Response:
    """Run the view (`dispatch`) and commit its work after a success: the request's one
    transaction, run again from the start when the database gives up on it (see the
    module's docstring). An error response or an exception leaves the rollback to
    `finish_request_transaction` and the error handlers, as before."""
    for attempt in range(1, TRANSACTION_ATTEMPTS + 1):
        try:
            response = current_app.make_response(dispatch())
            if response.status_code < 400:
                commit_or_conflict = commit_request_work()
                if commit_or_conflict is not None:
                    return commit_or_conflict
            return response
        except DBAPIError as error:
            if not is_transient(error) or attempt == TRANSACTION_ATTEMPTS or g.get("quid_request_committed"):
                raise
            db.session.rollback()
            log.warning(
                "Retrying the request's transaction (attempt %d of %d) for %s %s after: %s",
                attempt + 1,
                TRANSACTION_ATTEMPTS,
                request.method,
                request.path,
                str(error.orig).splitlines()[0],
            )
            # A random pause, so that two victims of one another do not meet again at once.
            time.sleep(random.uniform(0, RETRY_PAUSE_SECONDS * 2 ** (attempt - 1)))
    raise AssertionError("unreachable")  # the last attempt returns or raises


def release_transaction_for_slow_work() -> None:
    """End the unit of work's transaction, which has only read so far, before slow work that
    needs no database (hashing or verifying a password).

    Nothing is lost: the transaction has written nothing, and the next query opens a new one
    (objects loaded so far are read again when next used). While the slow work runs, no
    SQLite write lock and no PostgreSQL transaction is held.
    """
    session = db.session()
    if not session.in_transaction():
        return
    if g.get("quid_transaction_wrote") or session.new or session.dirty or session.deleted:
        raise WroteBeforeSlowWork("Slow work must come before the unit of work's first write.")
    session.rollback()


def start_writing() -> None:
    """Turn a read-only request into one that writes, part-way through, once it has found
    that it must (trades the clock has made due): its read transaction, which has written
    nothing, ends, and the next statement begins a write transaction (BEGIN IMMEDIATE on
    SQLite). Reads of that kind then take the write lock only when they do write, instead
    of declaring it up front (`intend_to_write`) and queueing behind every writer each time.

    Objects loaded so far are read again when next used, in the new transaction.
    """
    release_transaction_for_slow_work()
    intend_to_write()


def check_idle_connections_before_use(engine: Engine, idle_seconds: float) -> None:
    """Ping a server database connection before use if it sat in the pool `idle_seconds` or
    more; a dead one is replaced before the request sees it.

    Connections die while idle (a firewall or the server drops them, the server restarts
    overnight); one used moments ago is alive but for a restart in between. Pinging every
    checkout (SQLAlchemy's `pool_pre_ping`) costs a round trip on every request, as much as
    a leaderboard read's only query. The price of skipping it: after a database restart, a
    connection used within `idle_seconds` fails its next request once, and SQLAlchemy then
    replaces every connection the pool held before the restart.
    """
    if engine.dialect.name == "sqlite":
        return  # a file's connections cannot go stale

    @event.listens_for(engine.pool, "checkin")
    def note_the_time(dbapi_connection, connection_record):
        connection_record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def ping_if_idle(dbapi_connection, connection_record, connection_proxy):
        checked_in_at = connection_record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return  # just opened, or in use moments ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out a new one.
            raise DisconnectionError("the database connection was dropped while idle") from error


@event.listens_for(Pool, "checkin")
def return_connection_to_transactions(dbapi_connection, connection_record):
    """Give the next unit of work a connection that opens transactions again."""
    if isinstance(dbapi_connection, psycopg.Connection) and dbapi_connection.autocommit:
        dbapi_connection.autocommit = False


def finish_request_transaction(response: Response) -> Response:
    """Commit what is left of the request's work after a success (what ran after the view:
    `run_request_transaction` has committed the view's); roll it back after any error."""
    if response.status_code >= 400:
        db.session.rollback()
        return response
    return commit_request_work() or response


def commit_request_work() -> Response | None:
    """Commit the request's unit of work; a 409 instead when a unique rule refused it."""
    try:
        commit_without_expiring()
    except IntegrityError:
        db.session.rollback()
        # A concurrent request won a race on a unique rule the service could not foresee.
        return conflict_response(CONFLICT_MESSAGE)
    return None


def commit_without_expiring() -> None:
    """Commit the request's unit of work, leaving its loaded objects as they are.

    A commit normally expires every loaded object so that the next access reads it again;
    after the request's last commit nothing reads them (the response is built and the
    session is closed at teardown), so expiring them is wasted work on every request.
    """
    session = db.session()
    if not session.in_transaction():
        return  # the request never used the session (a kept board, a token check): nothing to end
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def conflict_response(message: str) -> Response:
    """A 409 in the one error shape, for use outside view functions."""
    response = jsonify(error_payload(409, "Conflict", message))
    response.status_code = 409
    return response


def commit_now() -> None:
    """Commit what must outlive an error response (a failed login, a revoked session)."""
    db.session.commit()
