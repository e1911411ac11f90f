"""The welcome's words on points, levels, trades and trust, built from the rules in shared/
so that the tour never promises what the server does not count: no figure is typed here."""

from dataclasses import dataclass

from mobile.screens.points import points_text
from mobile.ui.trust_text import trust_band_name
from shared.fair_game import breadth_needed
from shared.levels import LEVELS
from shared.limits import MAX_EXPERTISE_TAGS
from shared.rules import PRIVILEGE_DESCRIPTIONS, PRIVILEGE_LEVELS, Privilege, ReputationEvent, points_for
from shared.trades import BROKEN_AFTER_OVERDUE, LegKind
from shared.trust import MIXED_FROM, NEW_BELOW_SETTLED, RELIABLE_FROM


@dataclass(frozen=True)
class RuleLine:
    """One line of a rules table: what, a quieter detail under it, and the figure beside it."""

    what: str
    detail: str
    figure: str
    # Positive, negative or neither: the figure's colour follows it.
    sign: int = 0


# The events a person earns (or loses) points by, in the words of the person earning them.
EARNING = (
    (ReputationEvent.CONTRIBUTION_USED, "Someone uses your insight or answer"),
    (ReputationEvent.ANSWER_ACCEPTED, "Your answer is accepted"),
    (ReputationEvent.ACCEPTED_AN_ANSWER, "You accept an answer to your challenge"),
    (ReputationEvent.HELPFUL_VOTE, "Someone finds your post or answer helpful"),
    (ReputationEvent.LEG_ON_TIME, "You keep a trade promise on time"),
    (ReputationEvent.LEG_LATE, "You keep it, but late"),
    (ReputationEvent.LEG_BROKEN, "You break it"),
)


def point_lines() -> list[RuleLine]:
    """What earns points and how many, with the cross-division figure where one applies."""
    lines = []
    for event, what in EARNING:
        points = points_for(event, cross_division=False)
        across = points_for(event, cross_division=True)
        detail = f"{points_text(across)} with a colleague in another division" if across != points else ""
        lines.append(RuleLine(what, detail, points_text(points), (points > 0) - (points < 0)))
    return lines


def level_lines() -> list[RuleLine]:
    """The ladder: each level's points, what it unlocks and the breadth it asks for besides."""
    lines, previous_breadth = [], None
    for level in LEVELS:
        unlocks = [
            PRIVILEGE_DESCRIPTIONS[privilege]
            for privilege in Privilege
            if PRIVILEGE_LEVELS.get(privilege) == level.number
        ]
        parts = [f"Unlocks: {', '.join(unlocks)}"] if unlocks else []
        breadth = breadth_needed(level.number)
        if breadth is not None and breadth != previous_breadth:
            parts.append(
                f"Also needs points from {breadth.people} people in {breadth.divisions} "
                f"divisions, on {breadth.days} different days"
            )
        previous_breadth = breadth
        if level.number == LEVELS[0].number:
            parts.append("Where everyone starts")
        lines.append(RuleLine(f"{level.number} · {level.name}", ". ".join(parts), f"{level.threshold:,}"))
    return lines


def trade_kinds_text() -> str:
    """'information, insight, idea, … or exposure': what a trade promise can be."""
    kinds = [kind.value for kind in LegKind]
    return ", ".join(kinds[:-1]) + f" or {kinds[-1]}"


def trades_text() -> str:
    """How a trade works, in two sentences."""
    return (
        "A trade is two promises, one each way: what you will do for a colleague and by when, "
        f"and what they will do for you. A promise can be {trade_kinds_text()}. One left "
        f"{BROKEN_AFTER_OVERDUE.days} days past its date counts as broken."
    )


def trust_text() -> str:
    """What trust is."""
    return (
        "Trust is how predictably you keep your promises: each one kept on time raises it, one "
        "kept late counts half, a broken one lowers it. It shows on your profile and beside your "
        "name on every trade."
    )


def trust_lines() -> list[RuleLine]:
    """How trust reads, band by band, with the score each band starts at."""
    return [
        RuleLine(trust_band_name("new"), f"Fewer than {NEW_BELOW_SETTLED} settled promises: where everyone starts", ""),
        RuleLine(trust_band_name("reliable"), f"A score of {RELIABLE_FROM:.2f} or more", ""),
        RuleLine(trust_band_name("mixed"), f"From {MIXED_FROM:.2f} to {RELIABLE_FROM:.2f}", ""),
        RuleLine(trust_band_name("unreliable"), f"Below {MIXED_FROM:.2f}", ""),
    ]


def topics_text() -> str:
    """What choosing topics does."""
    return (
        f"Pick up to {MAX_EXPERTISE_TAGS} topics you know about. 'For you' then shows colleagues' "
        "open challenges on them, beside everyone's insights, so you answer where you help most. "
        "Change them any time under Me."
    )


def create_tags_level_text() -> str:
    """'Regular (level 3)': who may add a topic the firm does not have yet."""
    level = LEVELS[PRIVILEGE_LEVELS[Privilege.CREATE_TAGS] - 1]
    return f"{level.name} (level {level.number})"


def unknown_topic_text(name: str) -> str:
    """Why a typed topic was not added: the firm has no such tag (yet)."""
    return (
        f"The firm has no topic called '{name}' yet. Pick one of its topics; "
        f"from {create_tags_level_text()} on, you can add new ones when you post."
    )


def too_many_topics_text() -> str:
    """Why a further topic was not chosen."""
    return f"Up to {MAX_EXPERTISE_TAGS} topics: tap a chosen one to let it go first."
