"""The figures that judge the rules, and the targets they must meet.

Pure computation over the ground truth (firm.py) and what the API said (readback.py):
nothing here calls the API or knows a rule.
"""

import math
import statistics
from typing import NamedTuple

from bench.simulate import firm as f

SPEARMAN_TARGET = 0.8
FARM_SHARE_TARGET = 5.0  # % of the median honest expert's points
PING_PONG_SHARE_TARGET = 10.0  # % of the median honest trader's trade points
ADVERSARY_LEVEL_BELOW = 4
BAD_BANDS = ("mixed", "unreliable")


class Target(NamedTuple):
    """One target: its name, the measured figure, the target as words, and whether it is met."""

    name: str
    measured: float | int | str
    target: str
    met: bool


def average_ranks(values: list[float]) -> list[float]:
    """1-based ranks, ties sharing the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def pearson(x: list[float], y: list[float]) -> float:
    """Pearson correlation; 0.0 when either side does not vary (no order to agree with)."""
    if len(x) != len(y) or len(x) < 2:
        raise ValueError("Pearson needs two equally long series of at least two values.")
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y))
    spread_x = math.sqrt(sum((a - mean_x) ** 2 for a in x))
    spread_y = math.sqrt(sum((b - mean_y) ** 2 for b in y))
    if spread_x == 0 or spread_y == 0:
        return 0.0
    return covariance / (spread_x * spread_y)


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman's rank correlation: Pearson over average ranks."""
    return pearson(average_ranks(x), average_ranks(y))


def share(points: float, reference: float) -> float:
    """`points` as a percentage of `reference` (infinite against nothing, unless also nothing)."""
    if reference <= 0:
        return 0.0 if points <= 0 else math.inf
    return round(100 * points / reference, 2)


def measure(sim, readback: dict) -> dict:
    """Every figure of the report, and the targets."""
    firm, people = sim.firm, readback["people"]
    simulated = firm.simulated
    truth = [member.true_value for member in simulated]
    reputation = [people[member.key]["reputation"] for member in simulated]
    rho = round(spearman(truth, reputation), 4)
    honest = [member for member in simulated if member.honest]
    rho_honest = round(
        spearman([member.true_value for member in honest], [people[member.key]["reputation"] for member in honest]), 4
    )
    median_expert = statistics.median(people[member.key]["reputation"] for member in firm.of(f.EXPERT))
    median_trader_trades = statistics.median(people[member.key]["trade_points"] for member in firm.of(f.TRADER))

    bands_seen = {}
    levels_seen = {}
    for snapshot in sim.snapshots:
        for key, figures in snapshot["figures"].items():
            bands_seen.setdefault(key, [])
            if figures["band"] not in bands_seen[key]:
                bands_seen[key].append(figures["band"])
            levels_seen[key] = max(levels_seen.get(key, 1), figures["level"])

    adversaries = []
    for member in firm.of(*f.ADVERSARIES):
        person = people[member.key]
        seen = bands_seen.get(member.key, [])
        if person["band"] not in seen:
            seen = seen + [person["band"]]
        highest = max(person["level"], levels_seen.get(member.key, 1), person["highest_level_notified"])
        adversaries.append(
            {
                "key": member.key,
                "name": member.name,
                "behaviour": member.behaviour,
                "division": member.division,
                "quality": member.quality,
                "true_value": member.true_value,
                "reputation": person["reputation"],
                "level": person["level"],
                "highest_level": highest,
                "rank": person["rank"],
                "band": person["band"],
                "bands_seen": seen,
                "trust": person["trust"],
                "trade_points": person["trade_points"],
                "points_by_event": person["points_by_event"],
                "share_of_median_expert": share(person["reputation"], median_expert),
                "trade_share_of_median_trader": share(person["trade_points"], median_trader_trades),
            }
        )
    by_key = {row["key"]: row for row in adversaries}

    targets = [
        Target("Spearman(reputation, true value), all members", rho, f"≥ {SPEARMAN_TARGET}", rho >= SPEARMAN_TARGET)
    ]
    for member in firm.of(f.RING) + firm.of(f.BENEFICIARY):
        row = by_key[member.key]
        label = "ring member" if member.behaviour == f.RING else "throwaway-boosted beneficiary"
        targets.append(
            Target(
                f"{label} {member.name}: % of median expert's points",
                row["share_of_median_expert"],
                f"< {FARM_SHARE_TARGET:g} %",
                row["share_of_median_expert"] < FARM_SHARE_TARGET,
            )
        )
    highest = max(adversaries, key=lambda row: (row["highest_level"], row["reputation"]))
    targets.append(
        Target(
            "highest level any adversary reached",
            highest["highest_level"],
            f"< {ADVERSARY_LEVEL_BELOW}",
            highest["highest_level"] < ADVERSARY_LEVEL_BELOW,
        )
    )
    unused_posters = [member for member in firm.of(f.POSTER) if member.quality == 0]
    for member in unused_posters:
        targets.append(
            Target(
                f"poster nobody used ({member.name}): points",
                by_key[member.key]["reputation"],
                "= 0",
                by_key[member.key]["reputation"] == 0,
            )
        )
    for member in firm.of(f.PING_PONG):
        row = by_key[member.key]
        targets.append(
            Target(
                f"ping-pong {member.name}: trade points, % of median honest trader's",
                row["trade_share_of_median_trader"],
                f"< {PING_PONG_SHARE_TARGET:g} %",
                row["trade_share_of_median_trader"] < PING_PONG_SHARE_TARGET,
            )
        )
        targets.append(
            Target(
                f"ping-pong {member.name}: trust bands seen",
                ", ".join(row["bands_seen"]),
                "never reliable",
                "reliable" not in row["bands_seen"],
            )
        )
    for member in firm.of(f.TAKER) + firm.of(f.BREAKER):
        row = by_key[member.key]
        targets.append(
            Target(
                f"{member.behaviour.replace('_', '-')} {member.name}: final trust band",
                row["band"],
                "mixed or unreliable",
                row["band"] in BAD_BANDS,
            )
        )
    toggle = sim.experiments.get("toggle", {})
    notified = toggle.get("notifications", -1)
    targets.append(
        Target(
            f"use toggled {toggle.get('toggles', 0)}× : author's contribution_used notifications",
            notified,
            "= 1",
            notified == 1,
        )
    )

    figures = {
        "spearman": rho,
        "spearman_honest_only": rho_honest,
        "members": len(simulated),
        "median_expert_points": median_expert,
        "median_trader_trade_points": median_trader_trades,
        "highest_adversary_level": highest["highest_level"],
        "highest_adversary": highest["name"],
        "ping_pong_pair_trade_points": sum(by_key[member.key]["trade_points"] for member in firm.of(f.PING_PONG)),
        "posters_points": {member.name: by_key[member.key]["reputation"] for member in firm.of(f.POSTER)},
        "toggle_notifications": notified,
    }
    return {
        "targets": targets,
        "figures": figures,
        "adversaries": adversaries,
        "people": people_rows(firm, people),
        "boards": readback["boards"],
        "by_behaviour": behaviour_summary(firm, people),
    }


def people_rows(firm: f.Firm, people: dict) -> list[dict]:
    return [
        {
            "key": member.key,
            "name": member.name,
            "behaviour": member.behaviour,
            "division": member.division,
            "quality": member.quality,
            "true_value": member.true_value,
            "truth": dict(sorted(member.truth.items())),
            "reputation": people[member.key]["reputation"],
            "level": people[member.key]["level"],
            "band": people[member.key]["band"],
        }
        for member in firm.simulated
    ]


def behaviour_summary(firm: f.Firm, people: dict) -> dict:
    """Per behaviour: how many, median reputation and true value, and their trust bands."""
    summary = {}
    for behaviour in f.BEHAVIOURS:
        members = firm.of(behaviour)
        if not members:
            continue
        bands = {}
        for member in members:
            band = people[member.key]["band"]
            bands[band] = bands.get(band, 0) + 1
        summary[behaviour] = {
            "count": len(members),
            "median_reputation": statistics.median(people[member.key]["reputation"] for member in members),
            "median_true_value": statistics.median(member.true_value for member in members),
            "bands": bands,
        }
    return summary


def missed(targets: list[Target]) -> list[Target]:
    return [target for target in targets if not target.met]
