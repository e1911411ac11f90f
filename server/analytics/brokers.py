"""Brokers, overload and reciprocity over the exchange graph.

People are nodes; an edge joins two people who gave each other value in the window,
weighted by the acts either way. Brokerage is read two ways (networkx): betweenness (how
often a person lies on the shortest paths between others; unweighted, since an act is not
a distance) and Burt's constraint (low when a person's ties do not know each other, i.e.
when they bridge holes; weighted by acts). Overload follows Rob Cross: the share of all
cross-division ties that the top 10% of the firm's people take part in, and the share of all
value given by the top 5% of givers.
"""

import math
from dataclasses import dataclass, field

import networkx
from sqlalchemy import func, select

from server.analytics.exchanges import person_tie_rows
from server.analytics.windows import Window
from server.extensions import db
from server.users.models import User
from shared.analytics import (
    BETWEENNESS_EXACT_UP_TO,
    BETWEENNESS_SEED,
    OVERLOADED_GIVING_FACTOR,
    OVERLOADED_MIN_GIVEN,
    TAKER_MIN_RECEIVED,
    TAKER_RATIO,
    TOP_GIVERS_SHARE,
    TOP_TIE_HOLDERS_SHARE,
)


@dataclass
class Person:
    """One person's part in the exchange graph."""

    user_id: int
    division_id: int
    given: int = 0
    received: int = 0
    gave_to_divisions: set = field(default_factory=set)
    got_from_divisions: set = field(default_factory=set)
    cross_division_ties: set = field(default_factory=set)
    betweenness: float = 0.0
    constraint: float = 0.0
    top_tie_holder: bool = False
    top_giver: bool = False
    overloaded: bool = False
    taker: bool = False

    @property
    def balance(self) -> int:
        return self.given - self.received

    @property
    def divisions_reached(self) -> int:
        return len(self.gave_to_divisions | self.got_from_divisions)


def exchange_graph(window: Window) -> tuple[networkx.Graph, dict[int, Person], dict[tuple[int, int], int]]:
    """The undirected weighted graph of `window`, every person in it, and the acts between
    each (giver division, receiver division), all from one query."""
    graph = networkx.Graph()
    people: dict[int, Person] = {}
    between_divisions: dict[tuple[int, int], int] = {}
    for giver_id, giver_division, receiver_id, receiver_division, acts in person_tie_rows(window):
        acts = int(acts)
        key = (giver_division, receiver_division)
        between_divisions[key] = between_divisions.get(key, 0) + acts
        giver = people.setdefault(giver_id, Person(giver_id, giver_division))
        receiver = people.setdefault(receiver_id, Person(receiver_id, receiver_division))
        giver.given += acts
        receiver.received += acts
        if giver_division != receiver_division:
            giver.gave_to_divisions.add(receiver_division)
            receiver.got_from_divisions.add(giver_division)
            giver.cross_division_ties.add(receiver_id)
            receiver.cross_division_ties.add(giver_id)
        weight = graph.get_edge_data(giver_id, receiver_id, {"weight": 0})["weight"]
        graph.add_edge(giver_id, receiver_id, weight=weight + acts)
    return graph, people, between_divisions


def firm_size() -> int:
    """Active people in the firm: the base the top shares are taken of."""
    return db.session.execute(select(func.count()).select_from(User).where(User.is_active)).scalar_one()


def top_count(share: float, people: int) -> int:
    """How many people the top `share` of `people` is (at least one when there is anyone)."""
    return math.ceil(share * people) if people else 0


def brokerage(graph: networkx.Graph, people: dict[int, Person]) -> None:
    """Fill in each person's betweenness and constraint."""
    if graph.number_of_nodes() == 0:
        return
    sample = None if graph.number_of_nodes() <= BETWEENNESS_EXACT_UP_TO else BETWEENNESS_EXACT_UP_TO
    betweenness = networkx.betweenness_centrality(graph, k=sample, normalized=True, seed=BETWEENNESS_SEED)
    constraint = networkx.constraint(graph, weight="weight")
    for user_id, person in people.items():
        person.betweenness = round(betweenness[user_id], 4)
        person.constraint = round(constraint[user_id], 4)


def overload(people: dict[int, Person], size: int) -> dict:
    """The share of cross-division ties the top tie holders take part in, and the share of
    value the top givers gave; marks those people."""
    holders = sorted(
        (person for person in people.values() if person.cross_division_ties),
        key=lambda person: (-len(person.cross_division_ties), person.user_id),
    )
    holders = holders[: top_count(TOP_TIE_HOLDERS_SHARE, size)]
    for person in holders:
        person.top_tie_holder = True
    held = {person.user_id for person in holders}
    ties = {frozenset((person.user_id, other)) for person in people.values() for other in person.cross_division_ties}
    touched = sum(1 for tie in ties if tie & held)
    givers = sorted(
        (person for person in people.values() if person.given), key=lambda person: (-person.given, person.user_id)
    )
    top_givers = givers[: top_count(TOP_GIVERS_SHARE, size)]
    for person in top_givers:
        person.top_giver = True
    value = sum(person.given for person in givers)
    return {
        "people": size,
        "top_tie_holders": len(holders),
        "cross_division_ties": len(ties),
        "ties_share_of_top_tie_holders": round(touched / len(ties), 4) if ties else None,
        "top_givers": len(top_givers),
        "value_given": value,
        "value_share_of_top_givers": round(sum(person.given for person in top_givers) / value, 4) if value else None,
    }


def mark_reciprocity(people: dict[int, Person]) -> None:
    """Mark one-sided takers and overloaded givers (shared/analytics.py says where the lines
    are). A giver is weighed against the average of the others who gave, not of a crowd
    they are part of, so one person giving most of a small firm's help is still seen."""
    givers = [person.given for person in people.values() if person.given]
    total = sum(givers)
    for person in people.values():
        person.taker = person.received >= TAKER_MIN_RECEIVED and person.received >= TAKER_RATIO * person.given
        others = len(givers) - (1 if person.given else 0)
        others_average = (total - person.given) / others if others else 0
        person.overloaded = (
            person.given >= OVERLOADED_MIN_GIVEN and person.given >= OVERLOADED_GIVING_FACTOR * others_average
        )


def ranked(people) -> list[Person]:
    """People by brokerage: betweenness, then divisions reached, then the least constraint."""
    return sorted(
        people, key=lambda person: (-person.betweenness, -person.divisions_reached, person.constraint, person.user_id)
    )


def division_balances(between_divisions: dict[tuple[int, int], int]) -> list[dict]:
    """For each pair of divisions with value between them, what each gave the other."""
    pairs = sorted({tuple(sorted(key)) for key in between_divisions if key[0] != key[1]})

    def total(giver, receiver) -> int:
        return between_divisions.get((giver, receiver), 0)

    return [
        {
            "division_ids": [first, second],
            "first_to_second": total(first, second),
            "second_to_first": total(second, first),
            "balance": total(first, second) - total(second, first),
        }
        for first, second in pairs
    ]


def brokers(window: Window) -> dict:
    """Everything the brokers view shows, with every person of the graph ranked."""
    graph, people, between_divisions = exchange_graph(window)
    brokerage(graph, people)
    mark_reciprocity(people)
    figures = overload(people, firm_size())
    return {
        "people": ranked(people.values()),
        "overload": figures,
        "takers": sorted(
            (person for person in people.values() if person.taker), key=lambda person: (person.balance, person.user_id)
        ),
        "overloaded_givers": sorted(
            (person for person in people.values() if person.overloaded),
            key=lambda person: (-person.given, person.user_id),
        ),
        "division_balances": division_balances(between_divisions),
    }
