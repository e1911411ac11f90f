"""The analytics service: each view's figures for a window, as the schemas show them or as
CSV. Nothing here names a post, so a leader learns of content outside their audience only
as a count."""

from sqlalchemy import select

from server.analytics import brokers as broker_figures
from server.analytics import csv_export
from server.analytics import flows as flow_figures
from server.analytics import promises as promise_figures
from server.analytics import trends as trend_figures
from server.analytics import white_space as white_space_figures
from server.analytics.windows import Window, steps, window_for
from server.extensions import db
from server.users.models import User
from shared.analytics import TREND_DEFAULT_STEPS
from shared.rules import Period
from shared.trades import LeadOutcome, LegKind


def window_of(query: dict) -> Window:
    """The window a query asks for (the current month when it names none)."""
    return window_for(
        period=query.get("period") or Period.MONTH, from_day=query.get("from_day"), to_day=query.get("to_day")
    )


def described(window: Window | None) -> dict | None:
    if window is None:
        return None
    return {"period": window.label, "starts_on": window.starts_on, "ends_on": window.ends_on}


def file_label(window: Window) -> str:
    if window.starts_on is None:
        return "all"
    return f"{window.starts_on.isoformat()}-to-{window.last_day.isoformat()}"


def users_by_id(user_ids) -> dict[int, User]:
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return {}
    return {user.id: user for user in db.session.execute(select(User).where(User.id.in_(user_ids))).scalars()}


def division_names(divisions) -> dict[int, str]:
    return {division.id: division.name for division in divisions}


# Flows


def flows(*, query: dict) -> dict:
    """The division × division matrix of value given in the window."""
    window = window_of(query)
    return {"window": described(window), **flow_figures.flows(window)}


FLOW_COLUMNS = (
    ["from_division", "to_division", "cross_division", "uses", "hours_saved", "deals_influenced", "accepted_answers"]
    + [f"legs_{kind.value}" for kind in LegKind]
    + [f"leads_{outcome.value}" for outcome in LeadOutcome]
    + ["total"]
)


def flows_csv(*, query: dict):
    """The matrix as CSV, one row per cell."""
    window = window_of(query)
    figures = flow_figures.flows(window)
    names = division_names(figures["divisions"])
    rows = (
        [
            names[cell["from_division_id"]],
            names[cell["to_division_id"]],
            cell["cross_division"],
            cell["uses"],
            cell["hours_saved"],
            cell["deals_influenced"],
            cell["accepted_answers"],
            *(cell["legs"][kind.value] for kind in LegKind),
            *(cell["leads"][outcome.value] for outcome in LeadOutcome),
            cell["total"],
        ]
        for cell in figures["cells"]
    )
    return csv_export.attachment(name="flows", window_label=file_label(window), header=FLOW_COLUMNS, rows=rows)


# White space


def white_space(*, query: dict) -> dict:
    """Division pairs with no value, with value one way only, and their change."""
    window = window_of(query)
    figures = white_space_figures.white_space(window)
    return {"window": described(window), **figures, "previous_window": described(figures["previous_window"])}


WHITE_SPACE_COLUMNS = [
    "first_division",
    "second_division",
    "first_to_second",
    "second_to_first",
    "status",
    "previous_first_to_second",
    "previous_second_to_first",
    "previous_status",
    "change",
]


def white_space_csv(*, query: dict):
    """The pairs as CSV, one row per pair."""
    window = window_of(query)
    figures = white_space_figures.white_space(window)
    names = division_names(figures["divisions"])
    rows = []
    for pair in figures["pairs"]:
        previous = pair["previous"] or {}
        first, second = pair["division_ids"]
        rows.append(
            [
                names[first],
                names[second],
                pair["first_to_second"],
                pair["second_to_first"],
                pair["status"],
                previous.get("first_to_second"),
                previous.get("second_to_first"),
                previous.get("status"),
                pair["change"],
            ]
        )
    return csv_export.attachment(
        name="white-space", window_label=file_label(window), header=WHITE_SPACE_COLUMNS, rows=rows
    )


# Brokers


def person_figures(person, users: dict[int, User]) -> dict:
    return {
        "user": users[person.user_id],
        "given": person.given,
        "received": person.received,
        "balance": person.balance,
        "divisions_reached": person.divisions_reached,
        "reached_division_ids": sorted(person.gave_to_divisions | person.got_from_divisions),
        "gave_to_divisions": len(person.gave_to_divisions),
        "got_from_divisions": len(person.got_from_divisions),
        "cross_division_ties": len(person.cross_division_ties),
        "betweenness": person.betweenness,
        "constraint": person.constraint,
        "top_tie_holder": person.top_tie_holder,
        "top_giver": person.top_giver,
        "overloaded": person.overloaded,
        "taker": person.taker,
    }


def brokers(*, query: dict) -> dict:
    """People ranked by brokerage, the overload figures, and reciprocity."""
    window = window_of(query)
    figures = broker_figures.brokers(window)
    limit = query["limit"]
    lists = {
        "brokers": figures["people"][:limit],
        "takers": figures["takers"][:limit],
        "overloaded_givers": figures["overloaded_givers"][:limit],
    }
    users = users_by_id(person.user_id for people in lists.values() for person in people)
    return {
        "window": described(window),
        "overload": figures["overload"],
        "division_balances": figures["division_balances"],
        **{name: [person_figures(person, users) for person in people] for name, people in lists.items()},
    }


BROKER_COLUMNS = [
    "rank",
    "user_id",
    "name",
    "division",
    "given",
    "received",
    "balance",
    "divisions_reached",
    "gave_to_divisions",
    "got_from_divisions",
    "cross_division_ties",
    "betweenness",
    "constraint",
    "top_tie_holder",
    "top_giver",
    "overloaded",
    "taker",
]


def brokers_csv(*, query: dict):
    """Every person of the exchange graph as CSV, by brokerage."""
    window = window_of(query)
    people = broker_figures.brokers(window)["people"]
    users = users_by_id(person.user_id for person in people)
    rows = []
    for rank, person in enumerate(people, start=1):
        user = users[person.user_id]
        figures = person_figures(person, users)
        rows.append(
            [rank, user.id, user.display_name, user.division.name, *(figures[column] for column in BROKER_COLUMNS[4:])]
        )
    return csv_export.attachment(name="brokers", window_label=file_label(window), header=BROKER_COLUMNS, rows=rows)


# Promises


def promises(*, query: dict) -> dict:
    """Overdue and broken legs and average trust by division, and who owes the most."""
    window = window_of(query)
    figures = promise_figures.promises(window, limit=query["limit"])
    users = users_by_id(person["user_id"] for person in figures["most_overdue"])
    most_overdue = [
        {"user": users[person["user_id"]], "overdue": person["overdue"], "oldest_due": person["oldest_due"]}
        for person in figures["most_overdue"]
    ]
    return {"window": described(window), **figures, "most_overdue": most_overdue}


PROMISE_COLUMNS = ["division", "overdue", "broken", "kept_on_time", "kept_late", "average_trust", "people_with_trust"]


def promises_csv(*, query: dict):
    """The promise figures as CSV, one row per division."""
    window = window_of(query)
    figures = promise_figures.promises(window, limit=1)
    names = division_names(figures["divisions"])
    rows = (
        [names[row["division_id"]], *(row[column] for column in PROMISE_COLUMNS[1:])]
        for row in figures["division_figures"]
    )
    return csv_export.attachment(name="promises", window_label=file_label(window), header=PROMISE_COLUMNS, rows=rows)


# Trends


def trend_windows(query: dict) -> list[Window]:
    return steps(
        interval=Period(query["period"].value),
        from_day=query.get("from_day"),
        to_day=query.get("to_day"),
        default_steps=TREND_DEFAULT_STEPS,
    )


def trends(*, query: dict) -> dict:
    """The main figures per week or month."""
    return {"period": query["period"].value, "steps": trend_figures.trends(trend_windows(query))}


TREND_COLUMNS = (
    [
        "starts_on",
        "ends_on",
        "value_given",
        "value_across",
        "share_across",
        "uses",
        "hours_saved",
        "deals_influenced",
        "accepted_answers",
        "legs_kept",
    ]
    + [f"leads_{outcome.value}" for outcome in LeadOutcome]
    + [
        "broken_legs",
        "white_space_pairs",
        "one_way_pairs",
        "two_way_pairs",
        "ties_share_of_top_tie_holders",
        "value_share_of_top_givers",
    ]
)


def trends_csv(*, query: dict):
    """The trend as CSV, one row per step."""
    windows = trend_windows(query)
    rows = []
    for step in trend_figures.trends(windows):
        rows.append(
            [
                step["starts_on"].isoformat(),
                step["ends_on"].isoformat(),
                *(step[column] for column in TREND_COLUMNS[2:10]),
                *(step["leads"][outcome.value] for outcome in LeadOutcome),
                *(step[column] for column in TREND_COLUMNS[10 + len(LeadOutcome) :]),
            ]
        )
    label = f"{query['period'].value}-{windows[0].starts_on.isoformat()}-to-{windows[-1].last_day.isoformat()}"
    return csv_export.attachment(name="trends", window_label=label, header=TREND_COLUMNS, rows=rows)
