"""The leaders' view's drawing arithmetic, without widgets: heat map cells and colours,
network layout, trend bars and the lists in words."""

import math
from datetime import date

from mobile.ui.analytics_figures import (
    abbreviations,
    heat_cells,
    heat_colour,
    network_layout,
    trend_bars,
    white_space_lines,
    window_query,
)

DIVISIONS = [
    {"id": 1, "name": "Field Sales North"},
    {"id": 2, "name": "Field Sales Nordic"},
    {"id": 3, "name": "Product"},
]


def flows_with(values: dict) -> dict:
    cells = [
        {
            "from_division_id": giver["id"],
            "to_division_id": receiver["id"],
            "total": values.get((giver["id"], receiver["id"]), 0),
        }
        for giver in DIVISIONS
        for receiver in DIVISIONS
    ]
    totals = [
        {
            "division_id": division["id"],
            "given": sum(v for (g, _), v in values.items() if g == division["id"]),
            "received": sum(v for (_, r), v in values.items() if r == division["id"]),
        }
        for division in DIVISIONS
    ]
    return {"divisions": DIVISIONS, "cells": cells, "division_totals": totals}


def test_abbreviations_are_unique_even_when_initials_clash():
    assert abbreviations(DIVISIONS) == {1: "FSN", 2: "FSN2", 3: "Pro"}


def test_heat_cells_mark_white_space_only_between_two_divisions_with_nothing_either_way():
    cells = {(cell["from_division_id"], cell["to_division_id"]): cell for cell in heat_cells(flows_with({(1, 2): 4}))}
    assert len(cells) == 9
    assert not cells[(1, 2)]["white_space"] and not cells[(2, 1)]["white_space"]  # one way is not white space
    assert cells[(1, 3)]["white_space"] and cells[(3, 2)]["white_space"]
    assert not cells[(3, 3)]["white_space"]  # a division and itself
    assert (cells[(1, 2)]["row"], cells[(1, 2)]["column"]) == (0, 1)


def test_heat_colour_darkens_with_value_from_white_to_the_primary_colour():
    assert heat_colour(0, 10) == (1.0, 1.0, 1.0, 1.0)
    shades = [heat_colour(value, 10)[0] for value in (1, 4, 10)]
    assert shades == sorted(shades, reverse=True) and math.isclose(shades[-1], 0x0F / 255)


def test_network_layout_puts_divisions_on_a_ring_and_links_pairs_with_value():
    brokers = [{"user": {"id": 7, "display_name": "Pat", "division": {"id": 3}}, "reached_division_ids": [1, 2]}]
    layout = network_layout(
        flows_with({(1, 2): 4, (2, 1): 1, (3, 1): 2}), brokers, centre=(100, 100), radius=50, broker_offset=10
    )
    for division in layout["divisions"]:
        x, y = division["position"]
        assert math.isclose(math.hypot(x - 100, y - 100), 50)
    assert [(link["division_ids"], link["value"]) for link in layout["links"]] == [((1, 2), 5), ((1, 3), 2)]
    assert layout["divisions"][0]["position"] == (100, 150)  # the first at the top
    [pat] = layout["brokers"]
    assert len(pat["reached"]) == 2 and pat["user_id"] == 7


def test_trend_bars_scale_to_the_highest_step():
    bars = trend_bars(
        [
            {"value_given": 10, "value_across": 5, "starts_on": "2026-10-01"},
            {"value_given": 5, "value_across": 0, "starts_on": "2026-11-01"},
        ],
        width=100,
        height=50,
        gap=4,
    )
    assert [(bar["height"], bar["across_height"]) for bar in bars] == [(50, 25), (25, 0)]
    assert bars[1]["x"] == bars[0]["width"] + 4 and trend_bars([], width=1, height=1, gap=0) == []


def test_white_space_lines_name_the_direction_of_a_one_way_pair():
    space = {
        "divisions": DIVISIONS,
        "pairs": [
            {"division_ids": [1, 2], "status": "one_way", "first_to_second": 0, "second_to_first": 3},
            {"division_ids": [1, 3], "status": "none", "first_to_second": 0, "second_to_first": 0},
            {"division_ids": [2, 3], "status": "both_ways", "first_to_second": 1, "second_to_first": 1},
        ],
    }
    assert white_space_lines(space) == [
        "Field Sales North and Product: nothing either way",
        "Field Sales Nordic gives Field Sales North 3, gets nothing back",
    ]


def test_a_rolling_window_ends_today_and_includes_it():
    assert window_query(30, date(2026, 12, 2)) == {"from": "2026-11-03", "to": "2026-12-02"}
    assert window_query(None, date(2026, 12, 2)) == {"period": "all"}
