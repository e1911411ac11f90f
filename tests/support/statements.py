"""Watching the SQL an app runs, for tests that check how many statements a request costs or
how the database plans them."""

from contextlib import contextmanager

from sqlalchemy import event

from server.extensions import db


@contextmanager
def each_statement(app, listener):
    """Call `listener(connection, statement, parameters)` before every SQL statement the app's
    engine runs, for the length of the block."""

    def before(connection, _cursor, statement, parameters, *_args):
        listener(connection, statement, parameters)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)


@contextmanager
def query_plans(app, wanted):
    """A list that receives SQLite's query plan (its steps, in order) of every statement the app
    runs for which `wanted(statement)` holds, for the length of the block."""
    plans = []

    def explain(connection, statement, parameters):
        if wanted(statement):
            # On the driver's own connection: a statement through SQLAlchemy would come back here.
            rows = connection.connection.driver_connection.execute(
                "EXPLAIN QUERY PLAN " + statement, parameters
            ).fetchall()
            plans.append([row[-1] for row in rows])

    with each_statement(app, explain):
        yield plans
