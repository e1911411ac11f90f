"""Login throttling: each failed sign-in makes the next one wait longer; nobody is locked out.

Failures are counted under two keys for every attempt:

- **one account from one client address** (`account:<email> from:<address>`):
  `LOGIN_FREE_FAILURES` (5) failures without waiting, then a wait before the next attempt that
  starts at `LOGIN_FIRST_WAIT_SECONDS` (1 s) and doubles with each further failure up to
  `LOGIN_LONGEST_WAIT_SECONDS` (15 min). The right password clears it.
- **one client address across all accounts** (`from:<address>`), against guessing one
  password at many accounts: `LOGIN_FREE_FAILURES_PER_ADDRESS` (20) failures, then the same
  doubling wait. The right password takes back only its own attempt, so an attacker cannot
  clear their address's count by signing in to an account of their own.

There is deliberately no key for an account alone: with one, anyone could keep a colleague (or
every admin) out by failing on purpose. Someone signing in from their own address only waits
for failures made from that address, so an attacker elsewhere cannot shut them out; guessing
at one account from many addresses is slowed per address. People behind one address (an
office's NAT) share its count across accounts: a large office behind one address may want a
higher `LOGIN_FREE_FAILURES_PER_ADDRESS`, and behind a reverse proxy `QUID_PROXY_COUNT` must be
set, or every client counts as the proxy. A waiting key answers 429 with
`Retry-After` before the password is looked at, so the right password waits too (otherwise
the wait would not slow guessing), and an unknown email is throttled like a known one.

Every attempt is counted as a failure *before* its password is checked, in a short
transaction of its own that locks the key rows (`SELECT … FOR UPDATE` on PostgreSQL; the
write lock of SQLite's `BEGIN IMMEDIATE`): of any number of simultaneous guesses, on any
number of workers, at most the free failures reach the password check. The check itself then
runs outside any transaction; a right password gives its attempt back afterwards.
Failures older than `LOGIN_FAILURE_MEMORY_SECONDS` (a day) are forgotten, and `flask prune`
deletes them. Flask-Limiter's per-address ceiling on requests that hash a password
(server.auth.rate_limits) stands in front of all this.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_smorest import abort
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.auth.models import LoginThrottle
from server.common.addresses import client_address
from server.common.clock import utcnow
from server.database import commit_now
from server.extensions import db


@dataclass(frozen=True)
class Claim:
    """An attempt counted before its password is checked: the keys it was counted under."""

    account_key: str
    address_key: str


def account_key(*, email: str, address: str) -> str:
    return f"account:{email} from:{address}"


def address_key(*, address: str) -> str:
    return f"from:{address}"


def wait_after(failures: int, *, free_failures: int) -> timedelta:
    """How long the next attempt must wait after `failures` failures in a row."""
    if failures < free_failures:
        return timedelta(0)
    config = current_app.config
    doublings = min(failures - free_failures, 64)  # beyond this the cap applies anyway
    seconds = min(config["LOGIN_FIRST_WAIT_SECONDS"] * 2**doublings, config["LOGIN_LONGEST_WAIT_SECONDS"])
    return timedelta(seconds=seconds)


def claim_attempt(*, email: str) -> Claim:
    """Count a sign-in attempt for `email` from this request's address as a failure, or
    answer 429 with `Retry-After` when one of its keys must still wait.

    Commits at once, in the request's first transaction, so the count holds while the
    password is checked outside any transaction and whatever the request answers.
    """
    address = client_address()
    claim = Claim(account_key=account_key(email=email, address=address), address_key=address_key(address=address))
    free_failures = {
        claim.account_key: current_app.config["LOGIN_FREE_FAILURES"],
        claim.address_key: current_app.config["LOGIN_FREE_FAILURES_PER_ADDRESS"],
    }
    now = utcnow()
    rows = locked_rows(sorted(free_failures), now=now)
    waiting_until = max((row.next_attempt_at for row in rows if row.next_attempt_at > now), default=None)
    if waiting_until is not None:
        refuse_until(waiting_until, now=now)
    forget_before = now - timedelta(seconds=current_app.config["LOGIN_FAILURE_MEMORY_SECONDS"])
    for row in rows:
        if row.last_failure_at is None or row.last_failure_at < forget_before:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        row.next_attempt_at = now + wait_after(row.failures, free_failures=free_failures[row.key])
    commit_now()
    return claim


def locked_rows(keys: list[str], *, now: datetime) -> list[LoginThrottle]:
    """The rows of `keys`, created when missing, locked until the transaction ends (in key
    order, so that concurrent attempts on PostgreSQL take the locks in the same order)."""
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(LoginThrottle)
        .values([{"key": key, "failures": 0, "next_attempt_at": now} for key in keys])
        .on_conflict_do_nothing(index_elements=[LoginThrottle.key])
    )
    return list(
        db.session.execute(
            select(LoginThrottle)
            .where(LoginThrottle.key.in_(keys))
            .order_by(LoginThrottle.key)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalars()
    )


def refuse_until(moment: datetime, *, now: datetime) -> None:
    retry_after = max(1, math.ceil((moment - now).total_seconds()))
    abort(
        429,
        message=f"Too many failed sign-ins; wait {retry_after} second(s) before trying again.",
        headers={"Retry-After": str(retry_after)},
    )


def give_back(claim: Claim) -> None:
    """The attempt had the right password: clear its account's failures from its address,
    and take it back from the address's count (leaving that address's other failures)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == claim.account_key))
    row = db.session.execute(
        select(LoginThrottle).where(LoginThrottle.key == claim.address_key).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        return
    row.failures = max(0, row.failures - 1)
    row.next_attempt_at = (row.last_failure_at or utcnow()) + wait_after(
        row.failures, free_failures=current_app.config["LOGIN_FREE_FAILURES_PER_ADDRESS"]
    )


def prune_forgotten_failures(*, now: datetime) -> int:
    """Delete keys whose last failure is past the memory; returns how many went."""
    forget_before = now - timedelta(seconds=current_app.config["LOGIN_FAILURE_MEMORY_SECONDS"])
    return db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.last_failure_at < forget_before, LoginThrottle.next_attempt_at <= now)
    ).rowcount
