"""Loads the demo firm of `content.py` through the same services the API uses.

Events are replayed in time order with the clock set to each event's moment, so that
timestamps, statuses and everything derived from them look as if the firm had used Quid
for the last two months.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from server.answers.service import accept_answer, create_answer
from server.audit import service as audit
from server.audit.actions import DEMO_DATA, AuditAction, AuditObject
from server.auth.passwords import hash_password
from server.common.clock import utcnow
from server.demo import content
from server.divisions.models import Division
from server.divisions.service import recount_people
from server.extensions import db
from server.helpful.service import vote_helpful
from server.invitations.service import create_invitation
from server.posts.service import create_post, update_post
from server.reputation.privileges import has_privilege
from server.tags.models import Tag
from server.trades.clock import settle
from server.trades.service import (
    accept_trade,
    cancel_trade,
    confirm_leg,
    decline_trade,
    deliver_leg,
    propose_trade,
    record_lead_outcome,
)
from server.users.models import User
from server.uses.service import record_use
from shared.enums import ChallengeStatus
from shared.rules import Privilege
from shared.trades import LeadOutcome, LegKind

DEMO_PASSWORD = "quid-demo-2026"


# Colleagues the demo firm's admin has invited who have not joined yet: (email, division, role).
DEMO_INVITATIONS = [
    ("sam.okafor@quid.example", "presales", "member"),
    ("lena.fischer@quid.example", "product", "leader"),
]


def load_demo_data(*, password: str = DEMO_PASSWORD) -> list[tuple[str, str]] | None:
    """Load the demo firm into an empty database; answers the pending invitations' emails and
    codes (shown once, so that one can try joining), or None (and does nothing) if there is data."""
    if db.session.execute(select(User.id).limit(1)).first() is not None:
        return None
    problems = content.validate()
    if problems:
        raise ValueError("Demo content is inconsistent: " + "; ".join(problems))
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=max(post["days_ago"] for post in content.POSTS) + 1)
    divisions = load_divisions()
    tags = load_tags(at=start)
    people = load_people(divisions=divisions, tags=tags, password=password, at=start)
    recount_people()
    try:
        replay_activity(people=people, now=now)
    finally:
        current_app.config.pop("QUID_FROZEN_NOW", None)
    return invite_demo_colleagues(people=people, divisions=divisions)


def load_divisions() -> dict[str, Division]:
    divisions = {item["slug"]: Division(slug=item["slug"], name=item["name"]) for item in content.DIVISIONS}
    db.session.add_all(divisions.values())
    db.session.flush()
    for division in divisions.values():
        audit.record(
            actor=None,
            actor_label=DEMO_DATA,
            action=AuditAction.DIVISION_CREATED,
            object_type=AuditObject.DIVISION,
            object_id=division.id,
            object_label=division.name,
            after={"name": division.name, "slug": division.slug},
        )
    return divisions


def invite_demo_colleagues(*, people: dict[str, User], divisions: dict[str, Division]) -> list[tuple[str, str]]:
    """The admin's invitations still waiting (not mailed: the demo has no mail server)."""
    admin = next(people[person["key"]] for person in content.PEOPLE if person["role"] == "admin")
    codes = []
    for email, division, role in DEMO_INVITATIONS:
        _, code = create_invitation(email=email, division_id=divisions[division].id, role=role, admin=admin)
        codes.append((email, code))
    return codes


def load_tags(*, at) -> dict[str, Tag]:
    tags = {name: Tag(name=name, created_at=at) for name in content.TAGS}
    db.session.add_all(tags.values())
    return tags


def load_people(*, divisions, tags, password: str, at) -> dict[str, User]:
    # One hash for all: every demo account shares the published demo password.
    password_hash = hash_password(password)
    people = {}
    for person in content.PEOPLE:
        people[person["key"]] = User(
            email=person["email"],
            password_hash=password_hash,
            display_name=person["display_name"],
            title=person["title"],
            division=divisions[person["division"]],
            role=person["role"],
            reputation=0,
            created_at=at,
            updated_at=at,
            established_at=at,
            expertise=[tags[name] for name in person["expertise"]],
        )
    db.session.add_all(people.values())
    db.session.flush()
    return people


def replay_activity(*, people: dict[str, User], now) -> None:
    """Post, answer, accept, use, vote and trade in time order, each at its own moment."""
    events = []  # (moment, order, action)
    posted_at = {}
    for index, post in enumerate(content.POSTS):
        moment = now - timedelta(days=post["days_ago"], hours=(index * 5) % 9 + 1)
        posted_at[post["key"]] = moment
        events.append((moment, 0, index, ("post", post)))
    answered_at = {}
    for index, answer in enumerate(content.ANSWERS):
        moment = min(
            posted_at[answer["post"]] + timedelta(days=answer["days_after_post"], hours=2 + index % 5),
            now - timedelta(minutes=30),
        )
        answered_at[answer["key"]] = moment
        events.append((moment, 1, index, ("answer", answer)))
        if answer["accepted"]:
            events.append((min(moment + timedelta(hours=3), now - timedelta(minutes=20)), 2, index, ("accept", answer)))
    target_time = {**posted_at, **answered_at}
    for index, use in enumerate(content.USES):
        moment = min(
            target_time[use["target"]] + timedelta(days=use["days_after"], hours=4 + index % 6),
            now - timedelta(minutes=10),
        )
        events.append((moment, 3, index, ("use", use)))
    for index, vote in enumerate(content.HELPFUL):
        moment = min(target_time[vote["target"]] + timedelta(hours=6 + index % 12), now - timedelta(minutes=5))
        events.append((moment, 4, index, ("helpful", vote)))
    for index, trade in enumerate(content.TRADES):
        proposed_at = now - timedelta(days=trade["days_ago"], hours=3 + index % 4)
        events.append((proposed_at, 6, index, ("propose", trade)))
        for step, (days_after, action, person) in enumerate(trade["steps"]):
            moment = min(proposed_at + timedelta(days=days_after, hours=1 + step), now - timedelta(minutes=2))
            events.append((moment, 6, index * 100 + step + 1, ("trade-step", (trade, action, person))))
    for post in content.POSTS:
        if post.get("status") == ChallengeStatus.CLOSED.value:
            events.append((now - timedelta(minutes=1), 5, 0, ("close", post)))

    post_ids, answer_ids, trades = {}, {}, {}

    def target(key):
        return {"post_id": post_ids[key]} if key in post_ids else {"answer_id": answer_ids[key]}

    for moment, _, _, (kind, item) in sorted(events, key=lambda event: event[:3]):
        current_app.config["QUID_FROZEN_NOW"] = moment
        if kind == "post":
            needed_by = item.get("needed_by_days")
            created = create_post(
                author=people[item["author"]],
                data={
                    "kind": item["kind"],
                    "title": item["title"],
                    "body": item["body"],
                    "tags": item["tags"],
                    "account": item.get("account"),
                    "audience": item["audience"],
                    "needed_by": (now + timedelta(days=needed_by)).date() if needed_by is not None else None,
                },
            )
            post_ids[item["key"]] = created.id
        elif kind == "answer":
            created = create_answer(post_id=post_ids[item["post"]], author=people[item["author"]], body=item["body"])
            answer_ids[item["key"]] = created.id
        elif kind == "accept":
            asker = people[next(post["author"] for post in content.POSTS if post["key"] == item["post"])]
            accept_answer(answer_id=answer_ids[item["key"]], asker=asker)
        elif kind == "use":
            record_use(
                user=people[item["user"]],
                data={
                    "note": item["note"],
                    "hours_saved": item.get("hours_saved"),
                    "deal_influenced": item.get("deal_influenced", False),
                },
                **target(item["target"]),
            )
        elif kind == "helpful":
            # As in real life, only people who have reached the level may vote helpful.
            if has_privilege(people[item["user"]], Privilege.VOTE_HELPFUL):
                vote_helpful(user=people[item["user"]], **target(item["target"]))
        elif kind == "close":
            update_post(
                post_id=post_ids[item["key"]],
                editor=people[item["author"]],
                changes={"status": ChallengeStatus.CLOSED.value},
            )
        elif kind == "propose":
            trades[item["key"]] = propose_demo_trade(trade=item, people=people, at=moment)
        elif kind == "trade-step":
            trade, action, person = item
            take_trade_step(trade=trades[trade["key"]], action=action, user=people[person])
    # What the clock made of the trades since (reminders, overdue and broken legs).
    current_app.config["QUID_FROZEN_NOW"] = now
    settle(now=now)


def propose_demo_trade(*, trade: dict, people: dict[str, User], at) -> dict:
    """Propose one demo trade through the service, its due times counted from `at`."""

    def leg(side: dict) -> dict:
        due = at + timedelta(days=side["due_days"]) if side["due_days"] is not None else None
        return {
            "kind": LegKind(side["kind"]),
            "description": side["description"],
            "due": due,
            "account": side.get("account"),
        }

    return propose_trade(
        proposer=people[trade["proposer"]],
        data={
            "counterparty_id": people[trade["counterparty"]].id,
            "message": trade.get("message"),
            "post_id": None,
            "offer": leg(trade["offer"]),
            "ask": leg(trade["ask"]),
        },
    )


def take_trade_step(*, trade: dict, action: str, user: User) -> None:
    """Accept, decline, cancel, deliver, confirm or record a lead's outcome, as `user`."""
    if action in ("accept", "decline", "cancel"):
        {"accept": accept_trade, "decline": decline_trade, "cancel": cancel_trade}[action](
            trade_id=trade["id"], user=user
        )
        return
    if action == "deliver":
        leg = next(leg for leg in trade["legs"] if leg.promiser_id == user.id)
        deliver_leg(trade_id=trade["id"], leg_id=leg.id, user=user, note="Done: sent over with the details.")
    elif action == "confirm":
        leg = next(leg for leg in trade["legs"] if leg.receiver_id == user.id)
        confirm_leg(trade_id=trade["id"], leg_id=leg.id, user=user)
    elif action.startswith("outcome:"):
        leg = next(leg for leg in trade["legs"] if leg.receiver_id == user.id and leg.kind == LegKind.LEAD.value)
        record_lead_outcome(
            trade_id=trade["id"], leg_id=leg.id, user=user, outcome=LeadOutcome(action.split(":", 1)[1])
        )


def demo_logins() -> list[str]:
    """Lines to print: a sign-in for each role and division of the demo firm."""
    people = content.PEOPLE
    chosen = [person for person in people if person["role"] != "member"]
    seen_divisions = {person["division"] for person in chosen if person["role"] == "member"}
    for person in people:
        if person["role"] == "member" and person["division"] not in seen_divisions:
            chosen.append(person)
            seen_divisions.add(person["division"])
    names = {division["slug"]: division["name"] for division in content.DIVISIONS}
    lines = [f"  password for every account: {DEMO_PASSWORD}"]
    for person in chosen:
        lines.append(
            f"  {person['email']:<36} {person['role']:<7} {names[person['division']]:<26} {person['display_name']}"
        )
    return lines
