"""Trust: how predictably a person keeps their promises (PRODUCT.md § Rules, docs/fair-game.md).

Evidence is weighed: a kept leg counts by its weight (the share of its points that its credit
kept after the fair-game rules, so a promise kept for the same person again and again, or
for a colleague not yet established, counts for little or nothing); a broken leg always
counts in full. Only a leg its receiver confirmed is kept.
"""

from dataclasses import dataclass

NEW_BELOW_SETTLED = 3
RELIABLE_FROM = 0.8
MIXED_FROM = 0.5


@dataclass(frozen=True)
class TrustStanding:
    """A trust score with its band, the number of settled legs behind it, how much of them
    counted as evidence, and how many of them were kept on time (what people read: "kept 3
    of 4 promises on time")."""

    score: float
    band: str
    settled: int
    counted: float
    on_time: int = 0


def trust_for(
    *, on_time: float, late: float, broken: int, settled: int | None = None, kept_on_time: int | None = None
) -> TrustStanding:
    """Trust over settled legs: (on_time + 0.5·late + 1) / (counted + 2), with its band, where
    `on_time` and `late` are the weights of the kept legs and `counted` their sum with `broken`.
    `settled` and `kept_on_time` are how many legs that was, and how many of them were kept on
    time, before weighing (the counted figures when not given)."""
    counted = on_time + late + broken
    score = (on_time + 0.5 * late + 1) / (counted + 2)
    if counted < NEW_BELOW_SETTLED:
        band = "new"
    elif score >= RELIABLE_FROM:
        band = "reliable"
    elif score >= MIXED_FROM:
        band = "mixed"
    else:
        band = "unreliable"
    return TrustStanding(
        round(score, 4),
        band,
        int(counted) if settled is None else settled,
        round(counted, 2),
        int(on_time) if kept_on_time is None else kept_on_time,
    )
