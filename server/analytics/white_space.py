"""White space: pairs of divisions with no value either way, pairs where it runs one way
only, and how each pair moved against the previous window of the same length."""

from itertools import combinations

from server.analytics.flows import divisions, flow_matrix
from server.analytics.windows import Window
from shared.analytics import FlowChange, FlowStatus


def status_of(forward: int, backward: int) -> FlowStatus:
    if forward and backward:
        return FlowStatus.BOTH_WAYS
    if forward or backward:
        return FlowStatus.ONE_WAY
    return FlowStatus.NONE


def change_of(*, now: tuple[int, int], before: tuple[int, int]) -> FlowChange:
    """How the pair (a→b, b→a) moved from `before` to `now`."""
    status, previous = status_of(*now), status_of(*before)
    if status == previous:
        if status == FlowStatus.ONE_WAY and bool(now[0]) != bool(before[0]):
            return FlowChange.REVERSED
        return FlowChange.UNCHANGED
    if previous == FlowStatus.NONE:
        return FlowChange.OPENED
    if status == FlowStatus.NONE:
        return FlowChange.CLOSED
    return FlowChange.BECAME_TWO_WAY if status == FlowStatus.BOTH_WAYS else FlowChange.BECAME_ONE_WAY


def white_space(window: Window) -> dict:
    """Every unordered pair of divisions with its value each way, its status and, when the
    window has a previous one, that window's figures and the change; with counts per status."""
    everyone = divisions()
    matrix = flow_matrix(window)
    previous_window = window.previous()
    previous_matrix = flow_matrix(previous_window) if previous_window else None

    def totals(source, first, second) -> tuple[int, int]:
        forward, backward = source.get((first, second)), source.get((second, first))
        return (forward.total if forward else 0), (backward.total if backward else 0)

    pairs = []
    for first, second in combinations(sorted(everyone, key=lambda division: division.id), 2):
        now = totals(matrix, first.id, second.id)
        pair = {
            "division_ids": [first.id, second.id],
            "first_to_second": now[0],
            "second_to_first": now[1],
            "status": status_of(*now).value,
            "previous": None,
            "change": None,
        }
        if previous_matrix is not None:
            before = totals(previous_matrix, first.id, second.id)
            pair["previous"] = {
                "first_to_second": before[0],
                "second_to_first": before[1],
                "status": status_of(*before).value,
            }
            pair["change"] = change_of(now=now, before=before).value
        pairs.append(pair)
    counts = {status.value: sum(pair["status"] == status.value for pair in pairs) for status in FlowStatus}
    previous_counts = None
    if previous_matrix is not None:
        previous_counts = {
            status.value: sum(pair["previous"]["status"] == status.value for pair in pairs) for status in FlowStatus
        }
    return {
        "divisions": everyone,
        "previous_window": previous_window,
        "pairs": pairs,
        "counts": counts,
        "previous_counts": previous_counts,
    }
