"""The closed vocabularies of Quid, shared by the server and the app."""

from enum import StrEnum


class Role(StrEnum):
    """What a person may do beyond contributing: leaders see analytics, admins manage."""

    MEMBER = "member"
    LEADER = "leader"
    ADMIN = "admin"


class PostKind(StrEnum):
    """A challenge asks for answers; an insight is offered for reuse."""

    CHALLENGE = "challenge"
    INSIGHT = "insight"


class Audience(StrEnum):
    """Who may see a post. A person outside the audience must not learn it exists."""

    FIRM = "firm"
    DIVISION = "division"
    CIRCLE = "circle"


class ChallengeStatus(StrEnum):
    """Where a challenge stands: open → answered → solved, or closed at any time."""

    OPEN = "open"
    ANSWERED = "answered"
    SOLVED = "solved"
    CLOSED = "closed"


# A challenge still waiting for an accepted answer.
UNSOLVED_STATUSES = (ChallengeStatus.OPEN.value, ChallengeStatus.ANSWERED.value)
