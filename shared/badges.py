"""Badge definitions (PRODUCT.md § Rules). The server decides when each is earned."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    """A badge: `description` speaks to its holder; `about_holder`, when the description says
    "your", is how it reads on the holder's profile to everyone else."""

    slug: str
    name: str
    description: str
    about_holder: str | None = None

    def described(self, *, to_others: bool) -> str:
        """The description for the holder, or for someone else reading the holder's profile."""
        return (self.about_holder or self.description) if to_others else self.description


BADGES: tuple[Badge, ...] = (
    Badge("first_insight", "First Insight", "Shared a first insight."),
    Badge("first_challenge", "First Challenge", "Asked a first challenge."),
    Badge("first_answer", "First Answer", "Answered a challenge for the first time."),
    Badge("good_trader", "Good Trader", "Completed a first trade."),
    Badge("useful", "Useful", "One contribution used by 5 different people."),
    Badge("go_to", "Go-To", "One contribution used by 25 different people."),
    Badge("problem_solver", "Problem Solver", "5 accepted answers."),
    Badge("closer", "Closer", "25 accepted answers."),
    Badge("promise_keeper", "Promise Keeper", "10 trade legs kept on time, none broken."),
    Badge("bridge_builder", "Bridge Builder", "Completed trades with people in 3 other divisions."),
    Badge("connector", "Connector", "Contributions used by people in 3 or more divisions."),
    Badge(
        "listener",
        "Listener",
        "Accepted answers on 5 of your own challenges.",
        "Accepted answers on 5 of their own challenges.",
    ),
    Badge(
        "rainmaker",
        "Rainmaker",
        "A use of your contribution influenced a deal.",
        "A use of their contribution influenced a deal.",
    ),
)

BADGES_BY_SLUG = {badge.slug: badge for badge in BADGES}

USEFUL_USERS = 5
GO_TO_USERS = 25
PROBLEM_SOLVER_ACCEPTED = 5
CLOSER_ACCEPTED = 25
PROMISE_KEEPER_ON_TIME = 10
BRIDGE_BUILDER_DIVISIONS = 3
CONNECTOR_DIVISIONS = 3
LISTENER_CHALLENGES = 5
