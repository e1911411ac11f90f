"""What the leaders' analytics count as value, and where they draw their lines.

Value given is an act by which one person helped another: a use of their insight or answer,
an accepted answer, a trade leg its receiver confirmed. Each act counts once, from the
giver's division to the receiver's, whatever points the fair-game rules let it earn: the
analytics show where help flows, the ledger what it is worth.
"""

from enum import StrEnum


class ValueAct(StrEnum):
    """The acts of giving value that the analytics count."""

    USE = "use"  # someone used your insight or answer
    ACCEPTED_ANSWER = "accepted_answer"  # your answer was accepted on their challenge
    LEG = "leg"  # a promise you kept, confirmed by its receiver


class FlowStatus(StrEnum):
    """How value runs between two divisions in a period."""

    NONE = "none"  # white space: no value either way
    ONE_WAY = "one_way"  # one gives, the other never gives back
    BOTH_WAYS = "both_ways"


class FlowChange(StrEnum):
    """How a pair of divisions moved against the previous period of the same length."""

    OPENED = "opened"  # white space before, value now
    CLOSED = "closed"  # value before, white space now
    BECAME_TWO_WAY = "became_two_way"
    BECAME_ONE_WAY = "became_one_way"
    REVERSED = "reversed"  # one way before, and one way now in the other direction
    UNCHANGED = "unchanged"


class AnalyticsFormat(StrEnum):
    """How an analytics endpoint answers: JSON for the app, CSV for a spreadsheet."""

    JSON = "json"
    CSV = "csv"


class TrendInterval(StrEnum):
    """The length of each step of a trend."""

    WEEK = "week"
    MONTH = "month"


# The share of the firm's people whose cross-division ties, and the share whose value
# given, the overload figures measure (Rob Cross: 3–5% of people carry 20–35% of the
# value-adding collaboration).
TOP_TIE_HOLDERS_SHARE = 0.10
TOP_GIVERS_SHARE = 0.05

# An overloaded giver gives at least this many times what the other givers give on average, and at
# least OVERLOADED_MIN_GIVEN acts, so a firm where everyone gives once names nobody.
OVERLOADED_GIVING_FACTOR = 3.0
OVERLOADED_MIN_GIVEN = 5

# A one-sided taker received at least TAKER_MIN_RECEIVED acts and at least TAKER_RATIO
# times what they gave.
TAKER_MIN_RECEIVED = 3
TAKER_RATIO = 3.0

# Above this many people in the exchange graph, betweenness is estimated from a fixed sample
# of this many sources (networkx's `k`), seeded so that repeated reads agree.
BETWEENNESS_EXACT_UP_TO = 2000
BETWEENNESS_SEED = 14

# The longest custom range and the most steps a trend may have.
ANALYTICS_MAX_DAYS = 3 * 366
TREND_MAX_STEPS = 60
TREND_DEFAULT_STEPS = 12
