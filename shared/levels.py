"""The level ladder: reputation thresholds and the progress a person has made."""

from dataclasses import dataclass

from shared.fair_game import Breadth, breadth_needed


@dataclass(frozen=True)
class Level:
    """One rung of the ladder: reached once reputation is at least `threshold`."""

    number: int
    name: str
    threshold: int


LEVELS: tuple[Level, ...] = (
    Level(1, "Newcomer", 0),
    Level(2, "Contributor", 25),
    Level(3, "Regular", 100),
    Level(4, "Trusted Advisor", 300),
    Level(5, "Expert", 750),
    Level(6, "Challenger", 1500),
    Level(7, "Luminary", 3000),
    Level(8, "Legend", 6000),
)


@dataclass(frozen=True)
class LevelStanding:
    """A person's level with progress (0.0–1.0) towards the next one, and the breadth the
    next one asks for besides points (shared/fair_game.py), if any."""

    number: int
    name: str
    progress: float
    next_at: int | None
    next_breadth: Breadth | None = None


def level_for(reputation: int) -> Level:
    """The highest level whose threshold `reputation` reaches (level 1 for any negative figure)."""
    reached = LEVELS[0]
    for level in LEVELS:
        if reputation >= level.threshold:
            reached = level
    return reached


def standing_for(reputation: int, level_number: int | None = None) -> LevelStanding:
    """The level (`level_number` when breadth holds it below what `reputation` reaches) and how
    far its points are towards the next threshold."""
    current = LEVELS[level_number - 1] if level_number else level_for(reputation)
    if current.number == LEVELS[-1].number:
        return LevelStanding(current.number, current.name, 1.0, None)
    following = LEVELS[current.number]
    span = following.threshold - current.threshold
    progress = max(0, reputation - current.threshold) / span
    return LevelStanding(
        current.number,
        current.name,
        round(min(progress, 1.0), 4),
        following.threshold,
        breadth_needed(following.number),
    )
