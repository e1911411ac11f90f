"""Fair game: the rules that keep reputation and trust from being farmed (docs/fair-game.md).

Points follow use, but a credit is only worth what the person giving it can vouch for:

- a credit from a colleague who is not yet established (a new account, or one that fewer
  than two people have credited without being credited back) is held: written at 0 and released, re-weighed,
  once they are established;
- credits from one person to the same recipient lose half their worth each time within
  a quarter, so neither a friend nor a ping-pong partner can pump anyone;
- a credit returned to someone who credited you (a ring's currency) is worth a quarter;
- levels that carry privileges over others' content need breadth as well as points.

A credit that earns nothing after these rules counts nowhere: not on a board, not in
trust, not towards a badge.
"""

from dataclasses import dataclass
from datetime import timedelta

from shared.rules import CapReason, ReputationEvent

# An account younger than this gives held credits: throwaways are made just before farming.
NEWCOMER_AGE = timedelta(days=14)
# How many distinct people must have credited someone, without being credited by them, for
# that someone's own credits to count. Within a ring everyone credits everyone: no one vouches.
ESTABLISHED_VOUCHERS = 2
# A credit vouches only once it has stood this long without being returned: a ring returns
# its credits within days, so no member can be established in the moment before it does.
VOUCH_AFTER = timedelta(days=7)

# Credits from one giver to one recipient within this window lose worth with each repeat.
REPEAT_WINDOW = timedelta(days=90)
REPEAT_DECAY = 0.5
# A content credit given back to someone who credited you within the window.
MUTUAL_FACTOR = 0.25

# Credits that say "this person's work was worth something to me": they vouch, and a
# returned one is mutual. Accepting an answer also pays the asker +2 from the answerer,
# which is a reward for asking, not a vouch, so it is left out.
VOUCHING_EVENTS = frozenset(
    {
        ReputationEvent.CONTRIBUTION_USED,
        ReputationEvent.ANSWER_ACCEPTED,
        ReputationEvent.HELPFUL_VOTE,
        ReputationEvent.LEG_ON_TIME,
        ReputationEvent.LEG_LATE,
    }
)
# Content credits: the ones a ring trades. Trade legs are mutual by design (two promises, one
# each way), so their repeats decay but giving back is not held against them.
MUTUAL_EVENTS = frozenset(
    {
        ReputationEvent.CONTRIBUTION_USED,
        ReputationEvent.ANSWER_ACCEPTED,
        ReputationEvent.HELPFUL_VOTE,
    }
)


@dataclass(frozen=True)
class Weighing:
    """What a credit is worth after the fair-game rules: a factor and, when below 1, why."""

    factor: float
    reason: CapReason | None


def weigh_credit(*, event: ReputationEvent, earlier_from_giver: int, recipient_credited_giver: bool) -> Weighing:
    """The factor on a credit from an established giver.

    `earlier_from_giver`: that giver's live credits to this recipient within the repeat
    window; `recipient_credited_giver`: whether the recipient gave the giver a content
    credit within it.
    """
    factor, reason = 1.0, None
    if earlier_from_giver:
        factor, reason = REPEAT_DECAY**earlier_from_giver, CapReason.REPEATED
    if recipient_credited_giver and event in MUTUAL_EVENTS:
        factor, reason = factor * MUTUAL_FACTOR, CapReason.MUTUAL
    return Weighing(factor, reason)


def weighed_points(base_points: int, factor: float) -> int:
    """Whole points after a factor; a multiplied amount rounds down (shared/rules.py)."""
    return int(base_points * factor // 1)


def counts(*, points: int, base_points: int) -> bool:
    """Whether an entry counts for boards, trust and badges: a credit that was worth
    something and earned nothing after caps and the fair-game rules does not."""
    return points != 0 or base_points == 0


@dataclass(frozen=True)
class Breadth:
    """How widely a person's points were earned: from how many people, in how many of their
    divisions, on how many distinct days."""

    people: int
    divisions: int
    days: int


# Levels that carry privileges over others' content need points from many colleagues, in more
# than one division, over many days (as Discourse's trust level 3 asks for likes from many
# users on many days). The higher levels ask for at least level 5's breadth.
LEVEL_BREADTH: dict[int, Breadth] = {
    4: Breadth(people=10, divisions=2, days=10),
    5: Breadth(people=20, divisions=3, days=20),
}


def breadth_needed(level_number: int) -> Breadth | None:
    """The breadth `level_number` asks for, or None when points alone reach it."""
    if level_number < min(LEVEL_BREADTH):
        return None
    return LEVEL_BREADTH.get(level_number, LEVEL_BREADTH[max(LEVEL_BREADTH)])


def meets_breadth(breadth: Breadth, needed: Breadth | None) -> bool:
    """Whether `breadth` is at least `needed` on every count."""
    return needed is None or (
        breadth.people >= needed.people and breadth.divisions >= needed.divisions and breadth.days >= needed.days
    )
