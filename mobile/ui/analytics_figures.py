"""What the leaders' screen draws, worked out from the analytics answers without widgets: the
heat map's cells and colours, where divisions and brokers sit in the network picture, the
trend's bars, and each list's lines in words. Pure functions, testable without a window."""

import math
from datetime import date, timedelta

from mobile.ui.text import plural
from shared.analytics import FlowStatus

# The heat map runs from the surface colour (no value) to the theme's primary colour.
EMPTY_RGB = (1.0, 1.0, 1.0)
FULL_RGB = (0x0F / 255, 0x76 / 255, 0x6E / 255)
# Cells at or above this share of the busiest cell take white text instead of dark.
LIGHT_TEXT_FROM = 0.55


def abbreviation(name: str, taken: set[str] | None = None) -> str:
    """A short label for a division: its words' initials ("Field Sales North" → "FSN"), or the
    first three letters of a one-word name; made unique against `taken`."""
    words = [word for word in name.replace("-", " ").split() if word]
    short = "".join(word[0] for word in words).upper() if len(words) > 1 else name[:3].title()
    short = short or "?"
    candidate, number = short, 2
    while taken is not None and candidate in taken:
        candidate, number = f"{short}{number}", number + 1
    if taken is not None:
        taken.add(candidate)
    return candidate


def abbreviations(divisions: list[dict]) -> dict[int, str]:
    taken: set[str] = set()
    return {division["id"]: abbreviation(division["name"], taken) for division in divisions}


def heat_colour(value: float, highest: float) -> tuple[float, float, float, float]:
    """The cell colour for `value` on a scale up to `highest` (a square-root scale, so that
    small flows still show beside a large one)."""
    share = math.sqrt(value / highest) if highest > 0 and value > 0 else 0.0
    share = min(share, 1.0)
    return tuple(empty + (full - empty) * share for empty, full in zip(EMPTY_RGB, FULL_RGB)) + (1.0,)


def heat_cells(flows: dict) -> list[dict]:
    """One cell per giver × receiver division, in the order of `flows["divisions"]`, with its
    value, colour, whether its text should be light, and whether it is white space (two
    different divisions with nothing either way)."""
    order = [division["id"] for division in flows.get("divisions", [])]
    totals = {(cell["from_division_id"], cell["to_division_id"]): cell["total"] for cell in flows.get("cells", [])}
    highest = max(totals.values(), default=0)
    cells = []
    for row, giver in enumerate(order):
        for column, receiver in enumerate(order):
            value = totals.get((giver, receiver), 0)
            white_space = giver != receiver and not value and not totals.get((receiver, giver), 0)
            share = math.sqrt(value / highest) if highest and value else 0.0
            cells.append(
                {
                    "row": row,
                    "column": column,
                    "from_division_id": giver,
                    "to_division_id": receiver,
                    "value": value,
                    "colour": heat_colour(value, highest),
                    "white_space": white_space,
                    "light_text": share >= LIGHT_TEXT_FROM,
                }
            )
    return cells


def ring_positions(count: int, *, centre: tuple[float, float], radius: float) -> list[tuple[float, float]]:
    """`count` points evenly round a circle, the first at the top, clockwise."""
    x, y = centre
    return [
        (x + radius * math.sin(2 * math.pi * index / count), y + radius * math.cos(2 * math.pi * index / count))
        for index in range(count)
    ]


def line_width(value: float, highest: float, *, thinnest: float, thickest: float) -> float:
    """A line's width for `value` between `thinnest` and `thickest`."""
    if highest <= 0 or value <= 0:
        return 0.0
    return thinnest + (thickest - thinnest) * (value / highest)


def division_links(flows: dict) -> list[dict]:
    """Value between each pair of different divisions, both ways added: {ids, value}."""
    both_ways: dict[tuple[int, int], int] = {}
    for cell in flows.get("cells", []):
        giver, receiver = cell["from_division_id"], cell["to_division_id"]
        if giver == receiver or not cell["total"]:
            continue
        key = (min(giver, receiver), max(giver, receiver))
        both_ways[key] = both_ways.get(key, 0) + cell["total"]
    return [{"division_ids": key, "value": value} for key, value in sorted(both_ways.items())]


def network_layout(
    flows: dict, brokers: list[dict], *, centre, radius: float, broker_offset: float, most_brokers: int = 3
) -> dict:
    """Where the network picture draws divisions (on a ring), the links between them, and the
    top brokers (just outside their own division, linked to each division they reached)."""
    divisions = flows.get("divisions", [])
    positions = (
        dict(
            zip(
                (division["id"] for division in divisions), ring_positions(len(divisions), centre=centre, radius=radius)
            )
        )
        if divisions
        else {}
    )
    volume = {division["id"]: 0 for division in divisions}
    for total in flows.get("division_totals", []):
        volume[total["division_id"]] = total["given"] + total["received"]
    placed = []
    beside: dict[int, int] = {}
    for broker in brokers[:most_brokers]:
        home = broker["user"]["division"]["id"]
        if home not in positions:
            continue
        nth = beside.get(home, 0)
        beside[home] = nth + 1
        hx, hy = positions[home]
        angle = math.atan2(hy - centre[1], hx - centre[0]) + (nth - 0.5) * 0.5
        at = (hx + broker_offset * math.cos(angle), hy + broker_offset * math.sin(angle))
        placed.append(
            {
                "user_id": broker["user"]["id"],
                "name": broker["user"]["display_name"],
                "position": at,
                "reached": [
                    positions[division_id]
                    for division_id in broker.get("reached_division_ids", [])
                    if division_id in positions
                ],
            }
        )
    return {
        "divisions": [
            {
                "id": division["id"],
                "name": division["name"],
                "position": positions[division["id"]],
                "volume": volume.get(division["id"], 0),
            }
            for division in divisions
        ],
        "links": [
            {**link, "ends": (positions[link["division_ids"][0]], positions[link["division_ids"][1]])}
            for link in division_links(flows)
            if all(end in positions for end in link["division_ids"])
        ],
        "brokers": placed,
    }


def trend_bars(steps: list[dict], *, width: float, height: float, gap: float) -> list[dict]:
    """Each step's bar (all value given) and its cross-division part, scaled to the plot."""
    if not steps:
        return []
    highest = max((step["value_given"] for step in steps), default=0) or 1
    bar_width = max((width - gap * (len(steps) - 1)) / len(steps), 1.0)
    return [
        {
            "x": index * (bar_width + gap),
            "width": bar_width,
            "height": height * step["value_given"] / highest,
            "across_height": height * step["value_across"] / highest,
            "starts_on": step["starts_on"],
            "value": step["value_given"],
        }
        for index, step in enumerate(steps)
    ]


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def broker_line(person: dict, names: dict[int, str]) -> str:
    """'Pat (Pre-Sales) · reaches Sales, Product · betweenness 0.67'."""
    reached = ", ".join(names.get(division_id, "?") for division_id in person.get("reached_division_ids", []))
    return (
        f"{person['user']['display_name']} ({person['user']['division']['name']}) · "
        f"reaches {reached or 'no other division'} · betweenness {person['betweenness']:.2f}"
    )


def taker_line(person: dict) -> str:
    return (
        f"{person['user']['display_name']} ({person['user']['division']['name']}) · "
        f"got {person['received']}, gave {person['given']}"
    )


def giver_line(person: dict) -> str:
    return (
        f"{person['user']['display_name']} ({person['user']['division']['name']}) · "
        f"gave {person['given']}, got {person['received']}"
    )


def overload_text(overload: dict) -> str:
    """The two overload shares in a sentence."""
    return (
        f"The top {plural(overload['top_tie_holders'], 'person', 'people')} by cross-division ties take part in "
        f"{percent(overload['ties_share_of_top_tie_holders'])} of {plural(overload['cross_division_ties'], 'tie')}; "
        f"the top {plural(overload['top_givers'], 'giver')} gave "
        f"{percent(overload['value_share_of_top_givers'])} of all value."
    )


def white_space_lines(space: dict) -> list[str]:
    """The white-space and one-way pairs in words, white space first."""
    names = {division["id"]: division["name"] for division in space.get("divisions", [])}
    lines = []
    for wanted in (FlowStatus.NONE.value, FlowStatus.ONE_WAY.value):
        for pair in space.get("pairs", []):
            if pair["status"] != wanted:
                continue
            first, second = (names.get(division_id, "?") for division_id in pair["division_ids"])
            if wanted == FlowStatus.NONE.value:
                lines.append(f"{first} and {second}: nothing either way")
            elif pair["first_to_second"]:
                lines.append(f"{first} gives {second} {pair['first_to_second']}, gets nothing back")
            else:
                lines.append(f"{second} gives {first} {pair['second_to_first']}, gets nothing back")
    return lines


def promise_lines(promises: dict) -> list[str]:
    """Per division: 'Sales · 2 overdue · 1 broken · trust 0.72 (5 people)'."""
    names = {division["id"]: division["name"] for division in promises.get("divisions", [])}
    lines = []
    for figures in promises.get("division_figures", []):
        trust = (
            f"trust {figures['average_trust']:.2f} ({plural(figures['people_with_trust'], 'person', 'people')})"
            if figures["average_trust"] is not None
            else "no promises settled yet"
        )
        lines.append(
            f"{names.get(figures['division_id'], '?')} · {figures['overdue']} overdue · "
            f"{figures['broken']} broken · {trust}"
        )
    return lines


def window_query(days: int | None, today: date) -> dict:
    """The analytics query for the last `days` days up to `today` (all time for None)."""
    if days is None:
        return {"period": "all"}
    return {"from": (today - timedelta(days=days - 1)).isoformat(), "to": today.isoformat()}
