"""Reputation rules (PRODUCT.md § Rules): points per event, multipliers, caps, privileges.

The server applies them; the app shows them (what a use is worth, what a level unlocks).
"""

from enum import StrEnum


class ReputationEvent(StrEnum):
    """Why a ledger entry was written."""

    CONTRIBUTION_USED = "contribution_used"  # someone used your insight or answer
    ANSWER_ACCEPTED = "answer_accepted"  # your answer was accepted
    ACCEPTED_AN_ANSWER = "accepted_an_answer"  # you accepted an answer on your challenge
    HELPFUL_VOTE = "helpful_vote"  # a helpful vote on your post or answer
    LEG_ON_TIME = "leg_on_time"  # your trade leg delivered and confirmed on time
    LEG_LATE = "leg_late"  # delivered late
    LEG_BROKEN = "leg_broken"  # cancelled after acceptance, or 7 days overdue
    TRADE_BRIDGE = "trade_bridge"  # a first completed trade with someone in another division


POINTS: dict[ReputationEvent, int] = {
    ReputationEvent.CONTRIBUTION_USED: 10,
    ReputationEvent.ANSWER_ACCEPTED: 15,
    ReputationEvent.ACCEPTED_AN_ANSWER: 2,
    ReputationEvent.HELPFUL_VOTE: 2,
    ReputationEvent.LEG_ON_TIME: 5,
    ReputationEvent.LEG_LATE: 2,
    ReputationEvent.LEG_BROKEN: -5,
    # Worth no points: it is recorded for the `bridges` metric, so the ledger stays the one
    # source the daily scores are rebuilt from.
    ReputationEvent.TRADE_BRIDGE: 0,
}

# Crossing a division boundary is worth more: it is what the firm most wants and least gets.
CROSS_DIVISION_MULTIPLIER = 1.5
CROSS_DIVISION_EVENTS = frozenset({ReputationEvent.CONTRIBUTION_USED, ReputationEvent.LEG_ON_TIME})

HELPFUL_DAILY_CAP = 200  # helpful-vote points one recipient may gain in one day
SERIAL_CREDIT_LIMIT = 10  # credits from one person to one recipient within the window…
SERIAL_CREDIT_WINDOW_HOURS = 24  # …beyond which further credits earn 0 (kept, marked capped)


class CapReason(StrEnum):
    """Why an entry earned less than its event is worth."""

    SERIAL_CREDIT = "serial_credit"
    HELPFUL_DAILY_CAP = "helpful_daily_cap"
    # The fair-game rules (shared/fair_game.py):
    HELD_NEWCOMER = "held_newcomer"  # from someone not yet established; released once they are
    REPEATED = "repeated"  # the same giver credited the same person recently
    MUTUAL = "mutual"  # a credit given back to someone who credited the giver


def points_for(event: ReputationEvent, *, cross_division: bool) -> int:
    """Whole points for `event`; a multiplied amount rounds down (5 × 1.5 → 7)."""
    points = POINTS[event]
    if is_multiplied(event, cross_division=cross_division):
        return int(points * CROSS_DIVISION_MULTIPLIER // 1)
    return points


def is_multiplied(event: ReputationEvent, *, cross_division: bool) -> bool:
    """Whether `event` earns the cross-division multiplier (only some events cross-division do)."""
    return cross_division and event in CROSS_DIVISION_EVENTS


class Metric(StrEnum):
    """Leaderboard metrics."""

    REPUTATION = "reputation"  # points earned in the period
    USES = "uses"  # uses received
    ACCEPTED = "accepted"  # answers accepted
    TRADES = "trades"  # legs kept on time
    BRIDGES = "bridges"  # people in other divisions you completed a first trade with (in the period)


# Besides points, an entry of these events counts one towards a metric.
COUNTED_METRIC: dict[ReputationEvent, Metric] = {
    ReputationEvent.CONTRIBUTION_USED: Metric.USES,
    ReputationEvent.ANSWER_ACCEPTED: Metric.ACCEPTED,
    ReputationEvent.LEG_ON_TIME: Metric.TRADES,
    ReputationEvent.TRADE_BRIDGE: Metric.BRIDGES,
}


class Period(StrEnum):
    """Calendar leaderboard periods, in the firm's time zone."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ALL = "all"


class Privilege(StrEnum):
    """What a level unlocks. Admins hold every privilege."""

    VOTE_HELPFUL = "vote_helpful"
    CREATE_TAGS = "create_tags"
    RETAG = "retag"
    CLOSE_STALE = "close_stale"
    MARK_DUPLICATE = "mark_duplicate"


PRIVILEGE_LEVELS: dict[Privilege, int] = {
    Privilege.VOTE_HELPFUL: 2,
    Privilege.CREATE_TAGS: 3,
    Privilege.RETAG: 4,
    Privilege.CLOSE_STALE: 5,
    Privilege.MARK_DUPLICATE: 5,
}

PRIVILEGE_DESCRIPTIONS: dict[Privilege, str] = {
    Privilege.VOTE_HELPFUL: "vote helpful",
    Privilege.CREATE_TAGS: "create new tags",
    Privilege.RETAG: "retag other people's posts",
    Privilege.CLOSE_STALE: "close stale challenges",
    Privilege.MARK_DUPLICATE: "mark challenges as duplicates",
}

# A challenge nobody has touched for this long may be closed by a level-5 member.
STALE_CHALLENGE_DAYS = 30
