"""What exists in the simulated firm, and the actions people take on it.

Each action calls the API once (or a few times) as its person, records the outcome, and —
only when the API accepted it and the action was genuine — adds to the ground truth of
whoever the action truly helped. The decision of what to do lives in behaviour.py; the
bookkeeping of what was done lives here.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bench.simulate import firm as f
from bench.simulate.driver import Account, Driver

INSIGHT = "insight"
CHALLENGE = "challenge"
ANSWER = "answer"


@dataclass(eq=False)
class Content:
    """A post or an answer, with the quality only the simulation knows."""

    api_id: int
    kind: str
    author: f.Member
    quality: float
    topics: tuple[str, ...]
    day: int
    title: str
    challenge: "Content | None" = None  # answers: the challenge they answer
    used_by: set = field(default_factory=set)  # member keys with a live use
    voted_by: set = field(default_factory=set)
    answers: list = field(default_factory=list)  # challenges: their answers, oldest first
    accepted: "Content | None" = None
    answered_by: set = field(default_factory=set)
    # Set aside for one experiment (the toggled use): nobody else touches it.
    reserved: bool = False

    @property
    def path(self) -> str:
        return f"/answers/{self.api_id}" if self.kind == ANSWER else f"/posts/{self.api_id}"


@dataclass(eq=False)
class Trade:
    """A trade as its two parties planned it."""

    api_id: int
    proposer: f.Member
    counterparty: f.Member
    legs: dict  # member key of the promiser → leg id
    dues: dict  # member key of the promiser → due (None: "I owe you one")
    state: str = "proposed"
    delivered: set = field(default_factory=set)  # promiser keys whose leg the API took as delivered

    def other(self, member: f.Member) -> f.Member:
        return self.counterparty if member.key == self.proposer.key else self.proposer


class World:
    """The firm's content and trades, and the actions that change them through the API."""

    def __init__(self, driver: Driver, firm: f.Firm):
        self.driver = driver
        self.firm = firm
        self.accounts: dict[int, Account] = {}
        self.contents: list[Content] = []
        self.trades: list[Trade] = []
        self.titles = 0
        self.actions: Counter = Counter()  # (behaviour, action label) → requests made

    # Helpers -----------------------------------------------------------------------------

    def account(self, member: f.Member) -> Account:
        return self.accounts[member.key]

    def call(self, member: f.Member, method: str, path: str, *, label: str, json=None, query=None):
        self.actions[(member.behaviour, label)] += 1
        return self.driver.call(self.account(member), method, path, label=label, json=json, query=query)

    def next_title(self, kind: str, topics: tuple[str, ...]) -> str:
        self.titles += 1
        topic = topics[0] if topics else "general"
        if kind == CHALLENGE:
            return f"How do we handle {topic} for customer {self.titles}?"
        return f"What worked on {topic} with customer {self.titles}"

    # Content -------------------------------------------------------------------------

    def post(
        self,
        member: f.Member,
        *,
        kind: str,
        day: int,
        quality: float,
        topics: tuple[str, ...] | None = None,
        title: str | None = None,
    ) -> Content | None:
        """Publish an insight or a challenge for the whole firm."""
        topics = topics if topics is not None else member.topics[:2]
        title = title or self.next_title(kind, topics)
        answer = self.call(
            member,
            "POST",
            "/posts",
            label=f"post {kind}",
            json={
                "kind": kind,
                "title": title,
                "body": f"{title}. Notes from the field, day {day}.",
                "tags": list(topics),
                "audience": "firm",
            },
        )
        if answer.status != 201:
            return None
        content = Content(
            api_id=answer.body["id"], kind=kind, author=member, quality=quality, topics=topics, day=day, title=title
        )
        self.contents.append(content)
        return content

    def answer(self, member: f.Member, challenge: Content, *, day: int, quality: float) -> Content | None:
        """Answer a challenge."""
        answer = self.call(
            member,
            "POST",
            f"/posts/{challenge.api_id}/answers",
            label="answer",
            json={"body": f"Here is how we solved {challenge.topics[0]} before (day {day})."},
        )
        challenge.answered_by.add(member.key)
        if answer.status != 201:
            return None
        content = Content(
            api_id=answer.body["id"],
            kind=ANSWER,
            author=member,
            quality=quality,
            topics=challenge.topics,
            day=day,
            title=challenge.title,
            challenge=challenge,
        )
        challenge.answers.append(content)
        self.contents.append(content)
        return content

    def accept(self, asker: f.Member, answer: Content, *, genuine: bool) -> bool:
        """The asker accepts an answer to their challenge; a genuine acceptance is worth
        VALUE_ACCEPTED to the answerer."""
        result = self.call(asker, "POST", f"/answers/{answer.api_id}/accept", label="accept")
        if result.status != 200:
            return False
        answer.challenge.accepted = answer
        if genuine:
            answer.author.credit("accepted", f.VALUE_ACCEPTED)
        return True

    def use(
        self,
        member: f.Member,
        content: Content,
        *,
        genuine: bool,
        note: str = "Used it with a customer.",
        hours_saved: float | None = None,
        deal_influenced: bool = False,
    ) -> bool:
        """ "I used this"; genuine uses are worth VALUE_USE to the author."""
        result = self.call(
            member,
            "POST",
            f"{content.path}/uses",
            label=f"use {content.kind}",
            json={"note": note, "hours_saved": hours_saved, "deal_influenced": deal_influenced},
        )
        if result.status != 201:
            return False
        content.used_by.add(member.key)
        if genuine:
            content.author.credit("uses", f.VALUE_USE)
        return True

    def undo_use(self, member: f.Member, content: Content, *, genuine: bool) -> bool:
        result = self.call(member, "DELETE", f"{content.path}/uses", label=f"undo use {content.kind}")
        if result.status != 204:
            return False
        content.used_by.discard(member.key)
        if genuine:
            content.author.credit("uses", -f.VALUE_USE)
        return True

    def helpful(self, member: f.Member, content: Content, *, genuine: bool) -> bool:
        """A helpful vote (needs level 2: a 403 below it is an expected outcome)."""
        result = self.call(member, "POST", f"{content.path}/helpful", label=f"helpful {content.kind}")
        if result.status != 201:
            return False
        content.voted_by.add(member.key)
        if genuine:
            content.author.credit("helpful", f.VALUE_HELPFUL)
        return True

    # Trades ----------------------------------------------------------------------------

    def propose(
        self,
        proposer: f.Member,
        counterparty: f.Member,
        *,
        offer_due: datetime | None,
        ask_due: datetime | None,
        offer: str,
        ask: str,
        kinds: tuple[str, str] = ("help", "information"),
        message: str | None = None,
    ) -> Trade | None:
        """Propose a give-and-get: `offer` is the proposer's promise, `ask` the counterparty's."""
        result = self.call(
            proposer,
            "POST",
            "/trades",
            label="propose trade",
            json={
                "counterparty_id": counterparty.user_id,
                "post_id": None,
                "message": message,
                "offer": {"kind": kinds[0], "description": offer, "due": iso(offer_due), "account": None},
                "ask": {"kind": kinds[1], "description": ask, "due": iso(ask_due), "account": None},
            },
        )
        if result.status != 201:
            return None
        legs = {leg["promiser_id"]: leg["id"] for leg in result.body["legs"]}
        trade = Trade(
            api_id=result.body["id"],
            proposer=proposer,
            counterparty=counterparty,
            legs={proposer.key: legs[proposer.user_id], counterparty.key: legs[counterparty.user_id]},
            dues={proposer.key: offer_due, counterparty.key: ask_due},
        )
        self.trades.append(trade)
        return trade

    def read_trade(self, member: f.Member, trade: Trade) -> dict | None:
        """The trade as `member` sees it (with the other party's trust beside their name)."""
        result = self.call(member, "GET", f"/trades/{trade.api_id}", label="read trade")
        return result.body if result.status == 200 else None

    def respond(self, member: f.Member, trade: Trade, *, accept: bool) -> bool:
        verb = "accept" if accept else "decline"
        result = self.call(member, "POST", f"/trades/{trade.api_id}/{verb}", label=f"{verb} trade")
        if result.status != 200:
            return False
        trade.state = result.body["state"]
        return True

    def deliver(self, member: f.Member, trade: Trade, *, note: str, genuine: bool) -> bool:
        """Deliver `member`'s leg; a genuine delivery is worth VALUE_LEG_ON_TIME (or _LATE)."""
        result = self.call(
            member,
            "POST",
            f"/trades/{trade.api_id}/legs/{trade.legs[member.key]}/deliver",
            label="deliver leg",
            json={"note": note},
        )
        if result.status != 200:
            return False
        trade.delivered.add(member.key)
        trade.state = result.body["state"]
        if genuine:
            # Judged by the simulation's own clock and plan, not by the API's `on_time`.
            due = trade.dues[member.key]
            on_time = due is None or self.driver.now <= due
            member.credit("promises", f.VALUE_LEG_ON_TIME if on_time else f.VALUE_LEG_LATE)
        return True

    def confirm(self, member: f.Member, trade: Trade) -> bool:
        """`member` confirms the other party's delivered leg."""
        other = trade.other(member)
        result = self.call(
            member, "POST", f"/trades/{trade.api_id}/legs/{trade.legs[other.key]}/confirm", label="confirm leg"
        )
        if result.status != 200:
            return False
        trade.state = result.body["state"]
        return True

    def cancel(self, member: f.Member, trade: Trade) -> dict | None:
        result = self.call(member, "POST", f"/trades/{trade.api_id}/cancel", label="cancel trade")
        if result.status != 200:
            return None
        trade.state = result.body["state"]
        return result.body

    # Reading people --------------------------------------------------------------------

    def profile(self, viewer: f.Member, member: f.Member) -> dict | None:
        result = self.call(viewer, "GET", f"/users/{member.user_id}", label="read profile")
        return result.body if result.status == 200 else None


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
