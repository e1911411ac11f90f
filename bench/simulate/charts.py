"""The report's charts, drawn with matplotlib (Agg: no display needed) from results.json's data."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import FuncFormatter  # noqa: E402

from bench.simulate import firm as f  # noqa: E402
from bench.simulate.measures import FARM_SHARE_TARGET  # noqa: E402

# Honest people in greens and blues, adversaries in warm colours and purples.
COLOURS = {
    f.EXPERT: "#1b7837",
    f.MEMBER: "#92c5de",
    f.TRADER: "#2166ac",
    f.POSTER: "#bababa",
    f.RING: "#d73027",
    f.THROWAWAY: "#fdae61",
    f.BENEFICIARY: "#f46d43",
    f.TAKER: "#762a83",
    f.PING_PONG: "#c51b7d",
    f.BREAKER: "#9970ab",
    "unknown": "#000000",
}
BANDS = ("new", "reliable", "mixed", "unreliable")
BAND_COLOURS = {"new": "#d9d9d9", "reliable": "#1a9850", "mixed": "#fee08b", "unreliable": "#d73027"}

CHARTS = {
    "scatter": "reputation-vs-true-value.png",
    "shares": "adversary-points-share.png",
    "bands": "trust-bands.png",
    "leaderboard": "leaderboard-top10.png",
}


def label(behaviour: str) -> str:
    return behaviour.replace("_", "-")


def draw_all(data: dict, directory: Path) -> dict[str, str]:
    """Draw every chart into `directory`; {chart: file name}."""
    directory.mkdir(parents=True, exist_ok=True)
    scatter(data, directory / CHARTS["scatter"])
    shares(data, directory / CHARTS["shares"])
    bands(data, directory / CHARTS["bands"])
    leaderboard(data, directory / CHARTS["leaderboard"])
    return dict(CHARTS)


def scatter(data: dict, path: Path) -> None:
    """Reputation against true value, one dot a person, coloured by behaviour."""
    figure, axes = plt.subplots(figsize=(9.5, 5.5))
    for behaviour in f.BEHAVIOURS:
        people = [person for person in data["people"] if person["behaviour"] == behaviour]
        if not people:
            continue
        axes.scatter(
            [person["true_value"] for person in people],
            [person["reputation"] for person in people],
            s=18 if behaviour == f.MEMBER else 34,
            alpha=0.75,
            color=COLOURS[behaviour],
            edgecolors="none",
            label=f"{label(behaviour)} ({len(people)})",
        )
    # Both axes span orders of magnitude (and reputation can be negative): symmetric log.
    axes.set_xscale("symlog", linthresh=1)
    axes.set_yscale("symlog", linthresh=10)
    axes.set_xlabel("true value (units genuinely given to colleagues)")
    axes.set_ylabel("reputation (points, from the API)")
    axes.set_title(
        f"Reputation against true value — Spearman {data['figures']['spearman']:.3f} "
        f"(honest only {data['figures']['spearman_honest_only']:.3f})",
        fontsize=10,
    )
    axes.grid(True, alpha=0.3)
    # Outside the axes: the adversaries sit in the top-left corner, where a legend would hide them.
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="behaviour (people)", title_fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def shares(data: dict, path: Path) -> None:
    """Each adversary's points as a percentage of the median honest expert's, with the 5 % line."""
    rows = [row for row in data["adversaries"] if row["behaviour"] != f.THROWAWAY]
    throwaways = [row for row in data["adversaries"] if row["behaviour"] == f.THROWAWAY]
    if throwaways:
        # The throwaways are alike; one bar (the highest) stands for them.
        top = max(throwaways, key=lambda row: row["share_of_median_expert"])
        rows.append({**top, "name": f"{len(throwaways)} throwaways (highest)"})
    figure, axes = plt.subplots(figsize=(9, 5))
    names = [f"{row['name']}\n{label(row['behaviour'])}" for row in rows]
    values = [row["share_of_median_expert"] for row in rows]
    bars = axes.bar(range(len(rows)), values, color=[COLOURS[row["behaviour"]] for row in rows])
    axes.axhline(FARM_SHARE_TARGET, color="black", linestyle="--", linewidth=1)
    axes.text(
        len(rows) - 0.5, FARM_SHARE_TARGET, f" {FARM_SHARE_TARGET:g} % target", va="bottom", ha="right", fontsize=8
    )
    for bar, value in zip(bars, values):
        axes.text(
            bar.get_x() + bar.get_width() / 2,
            value,
            f"{value:g}%",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=7,
        )
    axes.set_yscale("symlog", linthresh=10)
    # Plain percentages: symlog's own labels read "5.3265 × 10⁰" at the axis ends.
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g} %"))
    axes.set_xticks(range(len(rows)), names, rotation=60, ha="right", fontsize=7)
    axes.set_ylabel("% of the median honest expert's points")
    axes.set_title(
        f"Adversaries' reputation against the median honest expert "
        f"({data['figures']['median_expert_points']:g} points)",
        fontsize=10,
    )
    axes.grid(True, axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def bands(data: dict, path: Path) -> None:
    """Final trust bands per behaviour, as shares of that behaviour's members."""
    behaviours = [behaviour for behaviour in f.BEHAVIOURS if behaviour in data["by_behaviour"]]
    figure, axes = plt.subplots(figsize=(9, 4.8))
    bottoms = [0.0] * len(behaviours)
    for band in BANDS:
        heights = []
        for behaviour in behaviours:
            summary = data["by_behaviour"][behaviour]
            heights.append(100 * summary["bands"].get(band, 0) / summary["count"])
        axes.bar(
            range(len(behaviours)),
            heights,
            bottom=bottoms,
            color=BAND_COLOURS[band],
            label=band,
            edgecolor="white",
            linewidth=0.5,
        )
        bottoms = [bottom + height for bottom, height in zip(bottoms, heights)]
    axes.set_xticks(
        range(len(behaviours)),
        [f"{label(behaviour)}\n({data['by_behaviour'][behaviour]['count']})" for behaviour in behaviours],
        fontsize=8,
    )
    axes.set_ylabel("% of members")
    axes.set_ylim(0, 100)
    axes.set_title("Trust band at the end, by behaviour (from /users/{id}/trust)", fontsize=10)
    axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(BANDS))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def leaderboard(data: dict, path: Path) -> None:
    """The all-time reputation top 10 as the leader sees it, coloured by who they really are."""
    rows = data["boards"]["reputation"]
    figure, axes = plt.subplots(figsize=(8, 4.8))
    positions = list(range(len(rows)))[::-1]
    axes.barh(positions, [row["score"] for row in rows], color=[COLOURS.get(row["behaviour"], "#000") for row in rows])
    axes.set_yticks(
        positions, [f"{row['rank']}. {row['name']} ({label(row['behaviour'])})" for row in rows], fontsize=8
    )
    for position, row in zip(positions, rows):
        axes.text(row["score"], position, f" {row['score']}", va="center", fontsize=7)
    axes.set_xlabel("all-time reputation (points)")
    axes.set_title("What a leader sees: all-time reputation, top 10", fontsize=10)
    axes.grid(True, axis="x", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
