"""Fill a database with a large firm: users, posts and a reputation ledger of N entries.

The ledger is written in bulk (no HTTP: 1M requests would take hours) and the materialised
reputation and daily scores are then rebuilt from it with the same `recompute_all` the
`flask recompute` command runs, so every derived figure is what the app would hold.
"""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from server.audit.actions import AuditAction, AuditObject
from server.audit.models import AuditEntry
from server.auth.passwords import hash_password
from server.common.secret_tokens import digest
from server.divisions.models import Division
from server.divisions.service import recount_people
from server.extensions import db
from server.invitations.models import Invitation
from server.moderation.models import Flag
from server.posts.models import Post
from server.reputation.models import ReputationEntry
from server.reputation.recompute import recompute_all
from server.search.index import rebuild_index
from server.tags.models import Tag, post_tags
from server.users.models import User
from shared.rules import ReputationEvent, points_for

PASSWORD = "benchmark-password"
DIVISIONS = 5
BATCH = 20_000
EVENTS = [
    ReputationEvent.CONTRIBUTION_USED,
    ReputationEvent.HELPFUL_VOTE,
    ReputationEvent.ANSWER_ACCEPTED,
    ReputationEvent.ACCEPTED_AN_ANSWER,
]


ADMIN_ID = 1


def email_of(user_id: int) -> str:
    """The sign-in of person `user_id` (every one has PASSWORD)."""
    return f"user{user_id}@bench.example"


# Words of the posts' titles and bodies, so that search has something to rank: a few match
# many posts ("pricing"), most match some.
TOPICS = (
    "pricing discount renewal warranty vibration pump valve sensor gearbox conveyor dust "
    "freight rail harbour crane tender audit compliance security onboarding training "
    "support outage latency migration integration analytics dashboard forecast budget "
    "procurement contract liability insurance logistics inventory packaging recall"
).split()


def insert_people(*, users: int, now: datetime) -> None:
    """`users` people in DIVISIONS divisions, taking turns (person ADMIN_ID is the admin), all
    with PASSWORD, and the divisions' counts of people."""
    db.session.execute(
        insert(Division),
        [{"id": n + 1, "slug": f"division-{n + 1}", "name": f"Division {n + 1}"} for n in range(DIVISIONS)],
    )
    password_hash = hash_password(PASSWORD)
    for start in range(0, users, BATCH):
        db.session.execute(
            insert(User),
            [
                {
                    "id": n + 1,
                    "email": email_of(n + 1),
                    "password_hash": password_hash,
                    "display_name": f"Bench User {n + 1}",
                    "division_id": n % DIVISIONS + 1,
                    "role": "admin" if n + 1 == ADMIN_ID else "member",
                    "reputation": 0,
                    "highest_level": 1,
                    "is_active": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(start, min(users, start + BATCH))
            ],
        )
    recount_people()


def generate(*, users: int, entries: int, seed: int = 7, days: int = 365) -> None:
    """`users` people in 5 divisions (the first an admin), one post each for 1 in 10, `entries`
    ledger entries, and the admin's history: an audit entry for every other person's joining
    and a pending invitation for one person in a hundred."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    insert_people(users=users, now=now)
    generate_administration(users=users, now=now)
    authors = max(1, users // 10)
    # Its own generator, so that the ledger below is the same with or without the text.
    words = random.Random(seed + 1)
    # One tag per topic; every fourth post is an open challenge (the others insights), each
    # tagged with the topic of its title; one post in a hundred flagged for the admins.
    db.session.execute(
        insert(Tag),
        [
            {"id": number + 1, "name": topic, "created_at": now, "stands_alone": True}
            for number, topic in enumerate(TOPICS)
        ],
    )
    topics = [words.randrange(len(TOPICS)) for _ in range(authors)]
    db.session.execute(
        insert(Post),
        [
            {
                "id": n + 1,
                "kind": "challenge" if n % 4 == 3 else "insight",
                "title": f"Bench {'challenge' if n % 4 == 3 else 'insight'} {n + 1} on {TOPICS[topics[n]]}",
                "body": " ".join(words.choices(TOPICS, k=30)),
                "audience": "firm",
                "status": "open" if n % 4 == 3 else None,
                "verified_at": None if n % 4 == 3 else now,
                "division_id": n % DIVISIONS + 1,
                "author_id": n + 1,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(authors)
        ],
    )
    db.session.execute(insert(post_tags), [{"post_id": n + 1, "tag_id": topics[n] + 1} for n in range(authors)])
    db.session.execute(
        insert(Flag),
        [
            {"flagger_id": users // 2, "post_id": n + 1, "reason": "spam", "state": "open", "created_at": now}
            for n in range(0, authors, 100)
        ],
    )
    rebuild_index()
    # Recipients follow a long tail, as in a real firm: a few people earn most.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(users)]
    for start in range(0, entries, BATCH):
        count = min(BATCH, entries - start)
        recipients = rng.choices(range(1, users + 1), weights=weights, k=count)
        rows = []
        for offset, recipient in enumerate(recipients):
            event = rng.choice(EVENTS)
            actor = rng.randint(1, users)
            cross = (actor - 1) % DIVISIONS != (recipient - 1) % DIVISIONS
            moment = now - timedelta(seconds=rng.randint(0, days * 86400))
            points = points_for(event, cross_division=cross)
            rows.append(
                {
                    "id": start + offset + 1,
                    "recipient_id": recipient,
                    "actor_id": actor,
                    "event": event.value,
                    "points": points,
                    "base_points": points,
                    "cross_division": cross,
                    "source_type": "bench",
                    "source_id": start + offset + 1,
                    "post_id": (recipient - 1) % authors + 1,
                    "score_day": moment.date(),
                    "created_at": moment,
                }
            )
        db.session.execute(insert(ReputationEntry), rows)
    recompute_all()
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        continue_id_sequences()
        # A bulk load leaves the planner without statistics and the tables unvacuumed until
        # autovacuum comes round, which it would do during the measurements; a running
        # firm's database is past that.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def continue_id_sequences() -> None:
    """On PostgreSQL, move each table's id sequence past the ids written above.

    The bulk load writes its ids itself, which leaves every sequence at 1: without this the
    first row the app adds (a post, a ledger entry) would take an id already used and fail.
    """
    for table in db.metadata.sorted_tables:
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or columns[0].name != "id" or not columns[0].autoincrement:
            continue
        sequence = db.session.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one()
        if sequence is None:
            continue
        db.session.execute(
            text(f"SELECT setval(:sequence, COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"),
            {"sequence": sequence},
        )
    db.session.commit()


def generate_administration(*, users: int, now: datetime) -> None:
    """The audit log and pending invitations of a firm that has grown to `users` people."""
    for start in range(0, users // 2, BATCH):
        db.session.execute(
            insert(AuditEntry),
            [
                {
                    "id": n + 1,
                    "at": now - timedelta(minutes=users - n),
                    "actor_id": ADMIN_ID,
                    "actor_label": "Bench User 1",
                    "action": AuditAction.PERSON_JOINED.value,
                    "object_type": AuditObject.PERSON.value,
                    "object_id": 2 * n + 2,
                    "object_label": f"Bench User {2 * n + 2} (user{2 * n + 2}@bench.example)",
                    "before": None,
                    "after": {"division": f"Division {(2 * n + 1) % DIVISIONS + 1}", "role": "member"},
                }
                for n in range(start, min(users // 2, start + BATCH))
            ],
        )
    db.session.execute(
        insert(Invitation),
        [
            {
                "id": n + 1,
                "email": f"invited{n + 1}@bench.example",
                "division_id": n % DIVISIONS + 1,
                "role": "member",
                "code_digest": digest(f"bench-invitation-{n + 1}"),
                "created_by_id": ADMIN_ID,
                "created_at": now,
                "expires_at": now + timedelta(days=7),
            }
            for n in range(max(1, users // 100))
        ],
    )
