"""The simulated firm: who works there, what kind of person each is, and what they are truly worth.

Every member carries a `behaviour` (what they do, see behaviour.py) and a ground-truth tally
of the value they genuinely gave colleagues. The tally is written by the simulation from what
it did, never read from the API, so it can judge the API's figures.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

# Behaviours. Honest ones create real value; every other one is an adversary of some kind.
EXPERT = "expert"  # posts weekly, answers on their topics; others use their work
MEMBER = "member"  # the majority: asks, accepts, uses, trades now and then
TRADER = "trader"  # trades a lot with many colleagues, keeps nearly every promise
POSTER = "poster"  # many insights of (near-)zero value
RING = "ring"  # three accounts that use, vote on and accept each other's content
THROWAWAY = "throwaway"  # a new account made to boost one beneficiary
BENEFICIARY = "beneficiary"  # a low-activity member whom the throwaways boost
TAKER = "taker"  # asks and trades, never delivers
PING_PONG = "ping_pong"  # two traders who trade "." back and forth every day
BREAKER = "breaker"  # trades widely, breaks most promises
# Staff: they run the firm and look at it, but are not simulated members.
ADMIN = "admin"
LEADER = "leader"

HONEST = (EXPERT, MEMBER, TRADER)
ADVERSARIES = (POSTER, RING, THROWAWAY, BENEFICIARY, TAKER, PING_PONG, BREAKER)
STAFF = (ADMIN, LEADER)
# Report order (charts, tables).
BEHAVIOURS = HONEST + ADVERSARIES

DIVISIONS = ("Field Sales North", "Field Sales South", "Pre-Sales", "Product", "Operations")
TOPICS = ("pricing", "security", "integration", "onboarding", "competition", "renewals", "analytics", "compliance")

# What genuine actions are worth, in units of true value. One unit is what one colleague
# gets from using one insight or answer; the other figures are set against it.
VALUE_USE = 1.0  # an honest colleague used your insight or answer
VALUE_ACCEPTED = 1.5  # your answer solved a real challenge
VALUE_HELPFUL = 0.2  # an honest colleague found your contribution helpful
VALUE_LEG_ON_TIME = 0.5  # you kept a real promise on time
VALUE_LEG_LATE = 0.2  # ... late, but kept

# The three prolific posters' content quality: the first is worth exactly nothing.
POSTER_QUALITIES = (0.0, 0.03, 0.06)

FIRST_NAMES = (
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Lopez",
    "Meyer",
    "Okafor",
    "Silva",
    "Novak",
    "Tanaka",
    "Dubois",
    "Rossi",
    "Berg",
    "Khan",
    "Moreau",
    "Jensen",
    "Costa",
    "Ivanova",
    "Nakamura",
    "Haddad",
    "Walsh",
    "Kowalski",
)


@dataclass(frozen=True)
class Scale:
    """How big the firm is and how long it runs (full run or the fast version)."""

    people: int
    weeks: int
    experts: int
    traders: int
    throwaways: int
    # The throwaways join and farm this far through the run (week 18 of 26).
    farm_at: float = 18 / 26

    @property
    def days(self) -> int:
        return self.weeks * 7

    @property
    def farm_day(self) -> int:
        return int(self.days * self.farm_at)


FULL = Scale(people=300, weeks=26, experts=27, traders=8, throwaways=8)
FAST = Scale(people=64, weeks=13, experts=6, traders=4, throwaways=4)


@dataclass
class Member:
    """One person: who they are, how they behave, and the value they truly gave (`truth`)."""

    key: int
    name: str
    email: str
    division: str
    behaviour: str
    quality: float  # how much their content helps a reader (0: nothing at all)
    topics: tuple[str, ...]
    activity: float  # chance of working in Quid on a weekday
    join_day: int = 0
    post_weekday: int = 0  # experts: the weekday of their weekly insight
    truth: dict = field(default_factory=lambda: defaultdict(float))
    user_id: int | None = None

    @property
    def honest(self) -> bool:
        return self.behaviour in HONEST

    @property
    def adversary(self) -> bool:
        return self.behaviour in ADVERSARIES

    @property
    def true_value(self) -> float:
        return round(sum(self.truth.values()), 4)

    def credit(self, source: str, value: float) -> None:
        """Add genuinely given value to the tally, by its source (uses, accepted, …)."""
        self.truth[source] += value


@dataclass
class Firm:
    """The population, its divisions and topics, and the run's length."""

    scale: Scale
    members: list[Member]
    divisions: tuple[str, ...] = DIVISIONS
    topics: tuple[str, ...] = TOPICS

    def of(self, *behaviours: str) -> list[Member]:
        """Members with one of `behaviours`, in key order."""
        return [member for member in self.members if member.behaviour in behaviours]

    def one(self, behaviour: str) -> Member:
        return self.of(behaviour)[0]

    @property
    def simulated(self) -> list[Member]:
        """Everyone whose figures are judged (staff only look)."""
        return [member for member in self.members if member.behaviour not in STAFF]


def build_firm(scale: Scale, seed: int) -> Firm:
    """The firm for `scale`, the same for the same seed.

    Its own random stream (derived from the seed) keeps the population independent of how
    the run later draws."""
    rng = random.Random(f"quid-firm-{seed}")
    plan: list[tuple[str, int]] = [
        (ADMIN, 1),
        (LEADER, 1),
        (EXPERT, scale.experts),
        (TRADER, scale.traders),
        (POSTER, len(POSTER_QUALITIES)),
        (RING, 3),
        (THROWAWAY, scale.throwaways),
        (BENEFICIARY, 1),
        (TAKER, 1),
        (PING_PONG, 2),
        (BREAKER, 3),
    ]
    members_left = scale.people - sum(count for _, count in plan)
    if members_left < 10:
        raise ValueError(f"{scale.people} people leave too few ordinary members ({members_left}).")
    plan.append((MEMBER, members_left))
    names = unique_names(rng, scale.people)
    members: list[Member] = []
    for behaviour, count in plan:
        for index in range(count):
            key = len(members)
            first, last = names[key]
            members.append(
                Member(
                    key=key,
                    name=f"{first} {last}",
                    email=f"{first}.{last}.{key}@firm.example".lower(),
                    division=DIVISIONS[key % len(DIVISIONS)],
                    behaviour=behaviour,
                    quality=quality_of(rng, behaviour, index),
                    topics=topics_of(rng, behaviour),
                    activity=activity_of(rng, behaviour),
                    post_weekday=rng.randrange(5),
                    join_day=scale.farm_day if behaviour == THROWAWAY else 0,
                )
            )
    spread_adversaries(members)
    for staff in members[:2]:
        staff.division = "Operations"
    return Firm(scale=scale, members=members)


def spread_adversaries(members: list[Member]) -> None:
    """Put the members of each colluding group in different divisions: crossing divisions
    earns more (×1.5), so that is where a farmer goes."""
    for behaviour in (RING, PING_PONG, THROWAWAY):
        group = [member for member in members if member.behaviour == behaviour]
        for offset, member in enumerate(group):
            member.division = DIVISIONS[offset % len(DIVISIONS)]
    beneficiary = next(member for member in members if member.behaviour == BENEFICIARY)
    beneficiary.division = DIVISIONS[-1]


def unique_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    combinations = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(combinations)
    if count > len(combinations):
        raise ValueError("Not enough distinct names for the firm.")
    return combinations[:count]


def quality_of(rng: random.Random, behaviour: str, index: int) -> float:
    """How much a reader gains from this person's content."""
    if behaviour == EXPERT:
        return round(rng.uniform(0.5, 1.0), 3)
    if behaviour in (MEMBER, TRADER):
        return round(rng.uniform(0.1, 0.45), 3)
    if behaviour == POSTER:
        return POSTER_QUALITIES[index]
    if behaviour == BENEFICIARY:
        return 0.04
    # The ring, throwaways, taker and traders of promises post nothing anyone needs.
    return 0.0


def topics_of(rng: random.Random, behaviour: str) -> tuple[str, ...]:
    count = 2 if behaviour == EXPERT else rng.choice((1, 2, 3))
    return tuple(sorted(rng.sample(TOPICS, count)))


def activity_of(rng: random.Random, behaviour: str) -> float:
    """Chance of working in Quid on a weekday: varied among ordinary members (a long tail of
    occasional users, a core of daily ones)."""
    if behaviour == EXPERT:
        return round(rng.uniform(0.6, 0.9), 3)
    if behaviour == TRADER:
        return round(rng.uniform(0.6, 0.9), 3)
    if behaviour == MEMBER:
        band = rng.random()
        if band < 0.2:
            return round(rng.uniform(0.03, 0.08), 3)
        if band < 0.7:
            return round(rng.uniform(0.1, 0.25), 3)
        return round(rng.uniform(0.25, 0.5), 3)
    if behaviour == BENEFICIARY:
        return 0.1
    if behaviour in (TAKER, BREAKER):
        return 0.85
    return 0.5
