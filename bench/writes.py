"""The write targets whose every request needs the data in a given state: each wrk run of one is
planned afresh (bench/requests.lua sends the plan), and what it did is read back after it.

- **Reactions, done and undone** ("I used this" and its undo; a helpful vote and its
  withdrawal): one target each. Each of a wrk thread's requests either does the reaction on a
  post not yet reacted to, or undoes one whose answer has come back (the API addresses the
  undo by the post, `DELETE /posts/{id}/uses`), so the rate is that of both requests together,
  about half of each. The posts are the ones the caller may react to, taken in turn; before
  each run the reactions a run left behind (cut off between the two) are undone.
- **Trade moves**, each its own target and its own line: every request moves another trade.
  Just before each wrk run the trades it will move are written straight into the database in
  the state before the move (as bench/generate.py writes the whole firm: preparing them
  through the API would take longer than measuring them), between pairs of people kept for
  this, so the member's own trades (read by other targets) do not grow. How many: the rate
  the target reached in its previous run (a guess before its first) times the run's seconds,
  twice over. A run that moves them all before its end sends the rest to trades already
  moved (the server refuses them, or for a lead's outcome changes nothing) and counts them:
  bench/run.py then runs a measured turn again, with more (an unmeasured one may run dry).
  A proposal needs no prepared trade: each request proposes a new one.

Every request carries a fresh `Idempotency-Key`, as the app's outbox sends one with every
write (the two older writes of bench/run.py send none).
"""

import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy import insert, select

from bench.preparation import API, TIMEOUT_SECONDS, proposal, sign_in
from server.common.clock import utcnow
from server.extensions import db
from server.helpful.models import HelpfulVote
from server.posts.models import Post
from server.trades.models import Trade, TradeLeg
from server.users.models import User
from server.uses.models import Use
from shared.enums import Audience, PostKind, Role
from shared.rules import PRIVILEGE_LEVELS, Privilege
from shared.trades import LeadOutcome, LegKind, LegState, TradeState

LUA_LIBRARY = Path(__file__).with_name("requests.lua")
# The pairs of people the trade moves are made between: enough that no one person's trades
# (whose trust every answer about a trade sums) pile up over a run.
TRADE_PAIRS = 64
# The rate a trade move is assumed to reach before its first run (an unmeasured second), and
# how many times the trades a run should need at the rate of the run before are prepared.
FIRST_GUESS_PER_SECOND = 200
POOL_MARGIN = 2
DELIVERY_NOTE = json.dumps({"note": "The deck is in the shared folder, slides 4 to 9."})
THREAD_REPORT = re.compile(r"^bench-thread (\d+) furthest (\d+) ran-dry (\d+)$", re.M)


@dataclass(frozen=True)
class Person:
    """Someone the benchmark acts as: their id and an access token."""

    id: int
    token: str


@dataclass
class Run:
    """What the write targets need of a run: its server, its database (through an app bound to
    it), wrk's shape, and the people who act."""

    base_url: str
    app: Flask
    threads: int
    connections: int
    people: dict[str, Person]
    trade_pairs: list[tuple[Person, Person]]


def thread_reports(output: str) -> list[dict]:
    """What bench/requests.lua's done() printed: each thread's furthest item and how many
    requests it sent after its items ran out."""
    return [
        {"thread": int(thread), "furthest": int(furthest), "ran_dry": int(ran_dry)}
        for thread, furthest, ran_dry in THREAD_REPORT.findall(output)
    ]


def lua_string(text: str) -> str:
    """`text` as a Lua string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def lua_script(plan: dict, items: list[tuple[str, str, int, str | None]]) -> str:
    """The wrk script of one run: `plan` (numbers, booleans, strings and tables of them) and
    the `items` (method, path, token index, JSON body or None) above bench/requests.lua."""

    def value(thing) -> str:
        if isinstance(thing, bool):
            return "true" if thing else "false"
        if isinstance(thing, int | float):
            return repr(thing)
        if isinstance(thing, str):
            return lua_string(thing)
        if isinstance(thing, list):
            return "{" + ", ".join(value(element) for element in thing) + "}"
        return "{" + ", ".join(f"{key} = {value(element)}" for key, element in thing.items()) + "}"

    # The items as tab-separated lines of one long string, read by init(): a table literal
    # of thousands of requests could pass LuaJIT's limit of constants in one function.
    lines = "\n".join(f"{method}\t{path}\t{token}\t{body or ''}" for method, path, token, body in items)
    return (
        f"plan = {value(plan)}\n"
        f"plan.items_text = [==[\n{lines}\n]==]\n"
        f"plan.key_prefix = {lua_string(uuid.uuid4().hex)}\n" + LUA_LIBRARY.read_text()
    )


class WriteTarget:
    """A write target: prepared once at the run's start, planned before each wrk run."""

    def prepare(self, run: Run) -> None:
        """Learn what the run offers (its people, its posts) once the server is up."""
        self.run = run

    def script(self, seconds: int) -> str:
        """The wrk script of a run lasting `seconds`."""
        raise NotImplementedError

    def finished(self, result: dict) -> None:
        """Note what a run did (`result`: bench.run.wrk's figures, with the thread reports)."""


class ReactionPairs(WriteTarget):
    """A reaction done and undone, post after post, by `who` ("member" or "voter"): `path`
    names the post with %d; the reaction is `model` (Use or HelpfulVote) and answers the
    post's id as `"post_id"`."""

    def __init__(self, *, who: str, path: str, body: dict | None, model, kinds: tuple[str, ...]):
        self.who, self.path, self.body, self.model, self.kinds = who, path, body, model, kinds
        self.start = 0

    def prepare(self, run: Run) -> None:
        super().prepare(run)
        self.actor = run.people[self.who]
        with run.app.app_context():
            self.posts = list(
                db.session.execute(
                    select(Post.id)
                    .where(
                        Post.kind.in_(self.kinds),
                        Post.author_id != self.actor.id,
                        Post.audience == Audience.FIRM.value,
                        Post.deleted_at.is_(None),
                        Post.hidden_at.is_(None),
                        Post.retired_at.is_(None),
                    )
                    .order_by(Post.id)
                ).scalars()
            )
        if len(self.posts) < 10 * self.run.connections:
            raise RuntimeError(f"only {len(self.posts)} posts to react to: too few for {self.path}")

    def script(self, seconds: int) -> str:
        self.undo_leftovers()
        body = json.dumps(self.body) if self.body is not None else None
        plan = {
            "threads": self.run.threads,
            "start": self.start,
            "cycle": True,
            "tokens": [self.actor.token],
            "undo": {"method": "DELETE", "path": self.path, "token": 1},
            "undo_id": '"post_id":%s*(%d+)',
        }
        return lua_script(plan, [("POST", self.path % post_id, 1, body) for post_id in self.posts])

    def finished(self, result: dict) -> None:
        # The next run begins past every post this one reached, so that a request of this run
        # still in a worker cannot meet a request of the next about the same post.
        furthest = max((report["furthest"] for report in result["threads"]), default=self.start)
        self.start = furthest % len(self.posts)

    def undo_leftovers(self) -> None:
        """Undo the reactions earlier runs left done (wrk stopped between the two requests)."""
        with self.run.app.app_context():
            post_ids = list(
                db.session.execute(
                    select(self.model.post_id).where(
                        self.model.user_id == self.actor.id, self.model.post_id.is_not(None)
                    )
                ).scalars()
            )
            db.session.rollback()
        for post_id in post_ids:
            response = requests.delete(
                self.run.base_url + self.path % post_id,
                headers={"Authorization": f"Bearer {self.actor.token}"},
                timeout=TIMEOUT_SECONDS,
            )
            # 404: a request of the run before was still in a worker and undid it first.
            if response.status_code not in (204, 404):
                response.raise_for_status()


@dataclass(frozen=True)
class PreparedTrade:
    """A trade written for a move: its pair (an index into Run.trade_pairs) and its two legs,
    the proposer's (`offer`) and the counterparty's (`ask`)."""

    id: int
    pair: int
    offer_leg_id: int
    ask_leg_id: int


# The states a trade is prepared in, each the state just before a move.
PROPOSED = "proposed"
ACCEPTED = "accepted"
# Accepted, the proposer's leg confirmed and the counterparty's delivered: confirming it completes the trade.
LAST_LEG_DELIVERED = "last leg delivered"
# Accepted, and the counterparty's leg a customer lead, delivered: its receiver records what became of it.
LEAD_DELIVERED = "lead delivered"


def leg_row(*, trade_id: int, promiser: int, receiver: int, due, kind: str = LegKind.REVIEW.value) -> dict:
    """A leg as proposed: promised, due in a month."""
    return {
        "trade_id": trade_id,
        "promiser_id": promiser,
        "receiver_id": receiver,
        "kind": kind,
        "description": f"A {kind} as promised at the pump makers' fair",
        "due": due,
        "state": LegState.PROMISED.value,
        "account": None,
        "outcome": None,
        "outcome_at": None,
        "delivered_at": None,
        "delivery_note": None,
        "on_time": None,
        "confirmed_at": None,
        "weight": None,
    }


def delivered(leg: dict, now) -> dict:
    """`leg` delivered on time, with a note."""
    return {**leg, "state": LegState.DELIVERED.value, "delivered_at": now, "delivery_note": "Sent", "on_time": True}


def prepared_legs(stage: str, *, trade_id: int, proposer: int, counterparty: int, now) -> tuple[dict, dict]:
    """The proposer's leg and the counterparty's of a trade prepared at `stage`."""
    due = now + timedelta(days=30)
    offer = leg_row(trade_id=trade_id, promiser=proposer, receiver=counterparty, due=due)
    ask = leg_row(trade_id=trade_id, promiser=counterparty, receiver=proposer, due=due)
    if stage == LAST_LEG_DELIVERED:
        offer = {**delivered(offer, now), "state": LegState.CONFIRMED.value, "confirmed_at": now, "weight": 1.0}
        ask = delivered(ask, now)
    elif stage == LEAD_DELIVERED:
        ask = {
            **delivered({**ask, "kind": LegKind.LEAD.value, "account": "Nordpump"}, now),
            "outcome": LeadOutcome.OPEN.value,
            "outcome_at": now,
        }
    return offer, ask


def insert_trades(app: Flask, stage: str, pairs: list[tuple[Person, Person]], count: int) -> list[PreparedTrade]:
    """`count` trades at `stage`, taking the pairs in turn, written in bulk in one transaction."""
    with app.app_context():
        now = utcnow()
        trade_rows = [
            {
                "proposer_id": pairs[number % len(pairs)][0].id,
                "counterparty_id": pairs[number % len(pairs)][1].id,
                "state": TradeState.PROPOSED.value if stage == PROPOSED else TradeState.ACCEPTED.value,
                "message": None,
                "post_id": None,
                "created_at": now,
                "responded_at": None if stage == PROPOSED else now,
                "updated_at": now,
            }
            for number in range(count)
        ]
        trade_ids = list(
            db.session.execute(insert(Trade).returning(Trade.id, sort_by_parameter_order=True), trade_rows).scalars()
        )
        leg_rows = []
        for trade_id, row in zip(trade_ids, trade_rows):
            leg_rows += prepared_legs(
                stage, trade_id=trade_id, proposer=row["proposer_id"], counterparty=row["counterparty_id"], now=now
            )
        leg_ids = list(
            db.session.execute(
                insert(TradeLeg).returning(TradeLeg.id, sort_by_parameter_order=True), leg_rows
            ).scalars()
        )
        db.session.commit()
    return [
        PreparedTrade(
            id=trade_id, pair=number % len(pairs), offer_leg_id=leg_ids[2 * number], ask_leg_id=leg_ids[2 * number + 1]
        )
        for number, trade_id in enumerate(trade_ids)
    ]


# Who sends a move: the trade's proposer or its counterparty.
PROPOSER, COUNTERPARTY = 0, 1


class TradeMove(WriteTarget):
    """One move of the trade state machine, on trades prepared at `stage`: `move(trade)` is
    the request (method, path, PROPOSER or COUNTERPARTY, JSON body or None)."""

    def __init__(self, *, stage: str, move):
        self.stage, self.move = stage, move
        self.rate = FIRST_GUESS_PER_SECOND

    def script(self, seconds: int) -> str:
        count = math.ceil(self.rate * seconds * POOL_MARGIN) + self.run.connections
        trades = insert_trades(self.run.app, self.stage, self.run.trade_pairs, count)
        items = []
        for trade in trades:
            method, path, side, body = self.move(trade)
            # Token 2k + 1 is pair k's proposer, 2k + 2 its counterparty (Lua counts from 1).
            items.append((method, API + path, 2 * trade.pair + side + 1, body))
        return lua_script(
            {"threads": self.run.threads, "start": 0, "cycle": False, "tokens": pair_tokens(self.run)}, items
        )

    def finished(self, result: dict) -> None:
        ran_dry = sum(report["ran_dry"] for report in result["threads"])
        if ran_dry:
            # The trades ran out before the run ended: its rate is unknown, above this one's.
            self.rate *= POOL_MARGIN
        else:
            self.rate = max(1.0, result["requests"] / result["duration_seconds"])


def pair_tokens(run: Run) -> list[str]:
    """Each pair's proposer's token, then its counterparty's, pair after pair."""
    return [person.token for pair in run.trade_pairs for person in pair]


class ProposeTrades(WriteTarget):
    """Proposals, each a new trade, from each pair's proposer to its counterparty in turn."""

    def script(self, seconds: int) -> str:
        items = [
            ("POST", f"{API}/trades", 2 * number + 1, json.dumps(proposal(counterparty.id)))
            for number, (_, counterparty) in enumerate(self.run.trade_pairs)
        ]
        return lua_script(
            {"threads": self.run.threads, "start": 0, "cycle": True, "tokens": pair_tokens(self.run)}, items
        )


def write_targets() -> dict[str, WriteTarget]:
    """The write targets of this module, by the name the report gives each."""
    leg = "/trades/{trade}/legs/{leg}"
    return {
        "write: I used this, then undo (pairs)": ReactionPairs(
            who="member",
            path=f"{API}/posts/%d/uses",
            body={"note": "Opened with the vibration baseline, as this says.", "hours_saved": 2},
            model=Use,
            kinds=(PostKind.INSIGHT.value,),
        ),
        "write: helpful, then withdraw (pairs)": ReactionPairs(
            who="voter",
            path=f"{API}/posts/%d/helpful",
            body=None,
            model=HelpfulVote,
            kinds=(PostKind.INSIGHT.value, PostKind.CHALLENGE.value),
        ),
        "write: trade, propose": ProposeTrades(),
        "write: trade, accept": TradeMove(
            stage=PROPOSED, move=lambda trade: ("POST", f"/trades/{trade.id}/accept", COUNTERPARTY, None)
        ),
        "write: trade, decline": TradeMove(
            stage=PROPOSED, move=lambda trade: ("POST", f"/trades/{trade.id}/decline", COUNTERPARTY, None)
        ),
        "write: trade, deliver a leg": TradeMove(
            stage=ACCEPTED,
            move=lambda trade: (
                "POST",
                leg.format(trade=trade.id, leg=trade.offer_leg_id) + "/deliver",
                PROPOSER,
                DELIVERY_NOTE,
            ),
        ),
        "write: trade, confirm the last leg (completes it)": TradeMove(
            stage=LAST_LEG_DELIVERED,
            move=lambda trade: ("POST", leg.format(trade=trade.id, leg=trade.ask_leg_id) + "/confirm", PROPOSER, None),
        ),
        "write: trade, cancel an accepted trade": TradeMove(
            stage=ACCEPTED, move=lambda trade: ("POST", f"/trades/{trade.id}/cancel", PROPOSER, None)
        ),
        "write: trade, a lead's outcome": TradeMove(
            stage=LEAD_DELIVERED,
            move=lambda trade: (
                "POST",
                leg.format(trade=trade.id, leg=trade.ask_leg_id) + "/outcome",
                PROPOSER,
                json.dumps({"outcome": LeadOutcome.WON.value}),
            ),
        ),
    }


def choose_voter(app: Flask, member_id: int) -> int:
    """Who votes helpful: the member if their level allows it (bench/generate.py's member in the
    middle of the field has no points at 10k entries), else the member-role person of the
    highest id below the member's who may (ids below: apart from the member's trade partners and
    the trade pairs, which come after)."""
    needed = PRIVILEGE_LEVELS[Privilege.VOTE_HELPFUL]
    with app.app_context():
        member_level = db.session.get(User, member_id).level
        if member_level >= needed:
            return member_id
        return db.session.execute(
            select(User.id)
            .where(User.id < member_id, User.level >= needed, User.role == Role.MEMBER.value, User.is_active.is_(True))
            .order_by(User.id.desc())
            .limit(1)
        ).scalar_one()


def trade_pairs(base_url: str, first_id: int) -> list[tuple[Person, Person]]:
    """TRADE_PAIRS pairs of people from `first_id` on (consecutive ids: generate.py puts them
    in different divisions, so their trades cross divisions), each signed in."""
    people = [Person(user_id, sign_in(base_url, user_id)) for user_id in range(first_id, first_id + 2 * TRADE_PAIRS)]
    return list(zip(people[::2], people[1::2]))
