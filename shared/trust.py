"""Trust: how predictably a person keeps their promises (PRODUCT.md § Rules)."""

from dataclasses import dataclass

NEW_BELOW_SETTLED = 3
RELIABLE_FROM = 0.8
MIXED_FROM = 0.5


@dataclass(frozen=True)
class TrustStanding:
    """A trust score with its band and the number of settled legs behind it."""

    score: float
    band: str
    settled: int


def trust_for(*, on_time: int, late: int, broken: int) -> TrustStanding:
    """Trust over settled legs: (on_time + 0.5·late + 1) / (settled + 2), with its band."""
    settled = on_time + late + broken
    score = (on_time + 0.5 * late + 1) / (settled + 2)
    if settled < NEW_BELOW_SETTLED:
        band = "new"
    elif score >= RELIABLE_FROM:
        band = "reliable"
    elif score >= MIXED_FROM:
        band = "mixed"
    else:
        band = "unreliable"
    return TrustStanding(round(score, 4), band, settled)
