"""Each thread's own autocommit connection, for reads that stand outside a request's unit of work.

Every authenticated request first asks whose token it is and whether its session is still
live (`server.auth.tokens.token_holder`). Asked through the request's session, that one
query also pays for a pool checkout, the start of a unit of work, its commit and the
checkin: together more than the query itself. The question writes nothing and wants the
latest committed answer, not the request's own view, so each thread keeps a connection of
its own for it, in autocommit mode, on which the query is the only thing that happens. A
request that needs nothing else from the database (a leaderboard read served from a kept
board) then never takes a connection from the pool at all.

The connections come from a second engine on the same database that pools nothing, so the
request pool keeps its size; each thread opens one when it first needs it and keeps it.
One that died while kept (a database restart, a firewall) fails its query with a
disconnect: the query is run again once on a new connection, which is safe for a read, so
no request sees the failure. They are all closed when the app's engine is disposed.

An in-memory SQLite database exists only inside its one connection, so there these reads go
through the request's session instead.
"""

import threading

from flask import Flask, current_app
from sqlalchemy import Executable, Row, create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from server.extensions import db

EXTENSION_NAME = "quid-thread-connections"
AUTOCOMMIT = "AUTOCOMMIT"


class ThreadConnections:
    """One autocommit connection per thread to the database of `engine`."""

    def __init__(self, engine: Engine):
        self._engine = create_engine(engine.url, poolclass=NullPool).execution_options(isolation_level=AUTOCOMMIT)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._open: set[Connection] = set()
        event.listen(engine, "engine_disposed", lambda disposed: self.close_all())

    def first(self, statement: Executable, parameters: dict) -> Row | None:
        """The first row of `statement`, run on this thread's connection; after a
        disconnect, run once more on a new one."""
        for attempt in (1, 2):
            connection = self._connection()
            try:
                return connection.execute(statement, parameters).first()
            except DBAPIError as error:
                self._discard(connection)
                if attempt == 2 or not error.connection_invalidated:
                    raise
            except BaseException:
                self._discard(connection)
                raise
        raise AssertionError("unreachable: the second attempt returns or raises")

    def close_all(self) -> None:
        """Close every thread's connection; each opens a new one when next needed."""
        with self._lock:
            connections, self._open = self._open, set()
            self._local = threading.local()
        for connection in connections:
            connection.close()

    def _connection(self) -> Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._engine.connect()
            with self._lock:
                self._open.add(connection)
                self._local.connection = connection
        return connection

    def _discard(self, connection: Connection) -> None:
        with self._lock:
            self._open.discard(connection)
            if getattr(self._local, "connection", None) is connection:
                del self._local.connection
        connection.close()


def init_app(app: Flask) -> None:
    """Give `app` its thread connections (none for an in-memory SQLite database)."""
    with app.app_context():
        engine = db.engine
        app.extensions[EXTENSION_NAME] = None if is_in_memory_sqlite(engine.url) else ThreadConnections(engine)


def first_row_outside_request(statement: Executable, parameters: dict) -> Row | None:
    """The first row of the read `statement`, as committed now, outside the request's unit
    of work (on the calling thread's own connection)."""
    connections = current_app.extensions[EXTENSION_NAME]
    if connections is None:
        return db.session.connection().execute(statement, parameters).first()
    return connections.first(statement, parameters)


def is_in_memory_sqlite(url: URL) -> bool:
    """Whether `url` names an SQLite database that lives inside its connection."""
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or url.query.get("mode") == "memory")


def is_autocommit(connection: Connection) -> bool:
    """Whether `connection` runs in autocommit mode (a thread connection), so that the
    request's transaction handling leaves it alone."""
    return connection.get_execution_options().get("isolation_level") == AUTOCOMMIT
