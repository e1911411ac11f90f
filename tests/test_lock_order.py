"""Lock order on PostgreSQL: two transactions that credit each other never deadlock.

tests/test_concurrency.py meets these deadlocks by chance under load; here they are made
deterministically: two transactions are paused, each just before it first locks a user row,
until both are there; then both go on. Before the fixes both tests below failed with
"deadlock detected". What this proves about server/reputation/ledger.py and the services that
credit two people:

- a credit locks its actor's and its recipient's rows in id order with `FOR NO KEY UPDATE`.
  `FOR UPDATE` would conflict with the `FOR KEY SHARE` lock a foreign key check takes on
  the actor's row when their use, vote or entry is inserted, so Ana using Ben's insight
  while Ben uses Ana's deadlocked;
- accepting an answer locks everyone involved first, in id order: Ana accepting Ben's
  answer while Ben accepts Ana's deadlocked (each locked the answerer, then the asker).
  Undoing the two acceptances at once is checked as well (reversals lock their recipients
  together, in id order), though this interleaving did not make it deadlock before.

Each pair of transactions runs through the services, not through a request, so that the
request's retry on a deadlock (server/database.py) cannot hide one.
"""

import re
import threading

import pytest
from sqlalchemy import event, text

from server.extensions import db
from server.users.models import User

pytestmark = pytest.mark.postgresql_only

USER_ROW_LOCK = re.compile(r"FROM users\b.*\bFOR (NO KEY )?UPDATE", re.DOTALL)
MEETING_TIMEOUT_SECONDS = 10


def run_interleaved(app, first, second) -> list[BaseException | None]:
    """Run `first` and `second` (functions of a User, given the id of theirs) each in its
    own thread and transaction, both held just before their first user-row lock until the
    other is there too; commit each; their exceptions (None for a success)."""
    meeting = threading.Barrier(2, timeout=MEETING_TIMEOUT_SECONDS)
    paused = threading.local()
    outcomes: list[BaseException | None] = [None, None]

    def pause_before_first_user_lock(connection, cursor, statement, parameters, context, executemany):
        if getattr(paused, "waiting", False) and USER_ROW_LOCK.search(statement):
            paused.waiting = False
            try:
                meeting.wait()
            except threading.BrokenBarrierError:
                pass  # the other transaction is blocked before its lock: go on alone

    def run(position, work, user_id):
        with app.test_request_context("/", method="POST"):
            paused.waiting = True
            try:
                work(db.session.get(User, user_id))
                db.session.commit()
            except BaseException as error:  # noqa: BLE001  (reported to the test)
                db.session.rollback()
                outcomes[position] = error
            finally:
                db.session.remove()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", pause_before_first_user_lock)
    try:
        threads = [
            threading.Thread(target=run, args=(position, work, user_id))
            for position, (work, user_id) in enumerate((first, second))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "before_cursor_execute", pause_before_first_user_lock)
    return outcomes


def books(app, *people) -> list[tuple[int, int]]:
    """Each person's (materialised reputation, sum of their ledger entries)."""
    with app.app_context():
        figures = [
            tuple(
                db.session.execute(
                    text(
                        "SELECT reputation, (SELECT COALESCE(SUM(points), 0) FROM reputation_entries "
                        "WHERE recipient_id = :id) FROM users WHERE id = :id"
                    ),
                    {"id": person.id},
                ).one()
            )
            for person in people
        ]
        db.session.remove()
    return figures


def test_two_colleagues_using_each_others_insights_at_once_do_not_deadlock(app, api):
    from server.uses.service import record_use

    ana = api.person(division="Field Sales North", display_name="Ana")
    ben = api.person(division="Pre-Sales", display_name="Ben")
    anas, bens = ana.post_item(), ben.post_item()

    def use(post_id):
        return lambda user: record_use(user=user, data={"note": "Used it", "deal_influenced": False}, post_id=post_id)

    outcomes = run_interleaved(app, (use(bens["id"]), ana.id), (use(anas["id"]), ben.id))
    assert outcomes == [None, None], outcomes
    assert ana.get(f"/posts/{bens['id']}").get_json()["use_count"] == 1
    assert ben.get(f"/posts/{anas['id']}").get_json()["use_count"] == 1
    # Each credit counts, weighed as mutual (shared/fair_game.py), and the books balance.
    assert all(kept == ledger > 0 for kept, ledger in books(app, ana, ben))


def test_two_askers_accepting_each_others_answers_at_once_do_not_deadlock(app, api):
    from server.answers.service import accept_answer, unaccept_answer

    ana = api.person(division="Field Sales North", display_name="Ana")
    ben = api.person(division="Pre-Sales", display_name="Ben")
    anas_challenge, bens_challenge = ana.post_item(kind="challenge"), ben.post_item(kind="challenge")
    bens_answer, anas_answer = ben.answer(anas_challenge["id"]), ana.answer(bens_challenge["id"])

    outcomes = run_interleaved(
        app,
        (lambda user: accept_answer(answer_id=bens_answer["id"], asker=user), ana.id),
        (lambda user: accept_answer(answer_id=anas_answer["id"], asker=user), ben.id),
    )
    assert outcomes == [None, None], outcomes
    assert all(kept == ledger > 0 for kept, ledger in books(app, ana, ben))

    outcomes = run_interleaved(
        app,
        (lambda user: unaccept_answer(answer_id=bens_answer["id"], asker=user), ana.id),
        (lambda user: unaccept_answer(answer_id=anas_answer["id"], asker=user), ben.id),
    )
    assert outcomes == [None, None], outcomes
    assert books(app, ana, ben) == [(0, 0), (0, 0)]
