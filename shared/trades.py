"""Gives-and-gets (PRODUCT.md § Concepts, § Rules): the states of a trade and of its legs,
the kinds of leg, and the clock rules (reminder, overdue, broken).

The server enforces these transitions; the app reads them to offer only the actions that
can succeed.
"""

from datetime import timedelta
from enum import StrEnum


class TradeState(StrEnum):
    """proposed → accepted → completed, or declined / cancelled on the way."""

    PROPOSED = "proposed"  # waiting for the counterparty
    ACCEPTED = "accepted"  # both promises stand; legs are being delivered
    COMPLETED = "completed"  # both legs confirmed
    DECLINED = "declined"  # the counterparty said no
    CANCELLED = "cancelled"  # withdrawn before acceptance, or called off after it


class LegState(StrEnum):
    """promised → (overdue →) delivered → confirmed; or broken; or void."""

    PROMISED = "promised"  # owed, not yet due (or with no due date: "I owe you one")
    OVERDUE = "overdue"  # past due, not delivered yet
    DELIVERED = "delivered"  # the promiser says it is done, with a note
    CONFIRMED = "confirmed"  # the receiver agrees it is done
    BROKEN = "broken"  # 7 days overdue, or its promiser called the trade off
    VOID = "void"  # the trade never started (declined, withdrawn) or the other side called it off


class LegKind(StrEnum):
    """What a leg promises."""

    INFORMATION = "information"
    INSIGHT = "insight"
    IDEA = "idea"
    INTRODUCTION = "introduction"
    HELP = "help"
    REVIEW = "review"
    LEAD = "lead"  # a customer lead: carries the account and, once delivered, an outcome
    EXPOSURE = "exposure"


class LeadOutcome(StrEnum):
    """What became of a delivered lead, as its receiver records it."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


# A leg still owed: it can be delivered, and the clock can make it overdue or broken.
OWED_LEG_STATES = frozenset({LegState.PROMISED, LegState.OVERDUE})

REMINDER_BEFORE_DUE = timedelta(hours=24)  # the promiser is reminded this long before a leg is due
BROKEN_AFTER_OVERDUE = timedelta(days=7)  # an overdue leg breaks this long after its due time


def leg_state_at(*, state: LegState, due, now) -> LegState:
    """What the clock makes of an owed leg at `now` (other states are not the clock's to change)."""
    if state not in OWED_LEG_STATES or due is None:
        return state
    if now >= due + BROKEN_AFTER_OVERDUE:
        return LegState.BROKEN
    if now >= due:
        return LegState.OVERDUE
    return state
