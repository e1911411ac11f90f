"""results.md: the report section, with a "before" column when an earlier run's results exist.

Image links are relative to the directory the report is written to (docs/fair-game/ for
`make simulate`); a "before" run lives in its `before/` subdirectory.
"""

import json
import math
from pathlib import Path

from bench.simulate import firm as f
from bench.simulate.charts import CHARTS

BEFORE = "before"


def load_before(directory: Path) -> dict | None:
    """The results of the run kept in `directory`/before, if there is one (and it is not this one)."""
    path = directory / BEFORE / "results.json"
    if directory.name == BEFORE or not path.exists():
        return None
    return json.loads(path.read_text())


def shown(value) -> str:
    """A figure as the tables show it."""
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        if math.isinf(value):
            return "∞"
        return f"{value:g}"
    return str(value)


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(shown(cell) for cell in row) + " |" for row in rows]
    return lines


def targets_table(data: dict, before: dict | None) -> list[str]:
    previous = {target["name"]: target for target in before["targets"]} if before else {}
    if before:
        rows = [
            [
                target["name"],
                target["target"],
                shown(previous[target["name"]]["measured"]) if target["name"] in previous else "–",
                target["measured"],
                target["met"],
            ]
            for target in data["targets"]
        ]
        return table(["target", "wanted", "before", "measured", "met"], rows)
    return table(
        ["target", "wanted", "measured", "met"],
        [[target["name"], target["target"], target["measured"], target["met"]] for target in data["targets"]],
    )


def adversaries_table(data: dict) -> list[str]:
    rows = []
    for row in data["adversaries"]:
        points = ", ".join(f"{event} {value:+d}" for event, value in row["points_by_event"].items() if value)
        rows.append(
            [
                row["name"],
                row["behaviour"].replace("_", "-"),
                row["reputation"],
                row["share_of_median_expert"],
                f"{row['level']} (highest {row['highest_level']})",
                row["rank"],
                f"{row['band']} (seen: {', '.join(row['bands_seen'])})",
                row["trade_points"],
                row["true_value"],
                points or "–",
            ]
        )
    return table(
        [
            "name",
            "behaviour",
            "points",
            "% median expert",
            "level",
            "rank (all-time)",
            "trust band",
            "trade points",
            "true value",
            "points by event",
        ],
        rows,
    )


def board_tables(data: dict) -> list[str]:
    lines = []
    for metric, rows in data["boards"].items():
        lines += ["", f"**{metric}** (all time)", ""]
        lines += table(
            ["rank", "name", "behaviour", "score"],
            [[row["rank"], row["name"], row["behaviour"].replace("_", "-"), row["score"]] for row in rows],
        )
    return lines


def behaviour_table(data: dict) -> list[str]:
    rows = []
    for behaviour in f.BEHAVIOURS:
        summary = data["by_behaviour"].get(behaviour)
        if summary:
            bands = ", ".join(f"{band} {count}" for band, count in sorted(summary["bands"].items()))
            rows.append(
                [
                    behaviour.replace("_", "-"),
                    summary["count"],
                    summary["median_reputation"],
                    summary["median_true_value"],
                    bands,
                ]
            )
    return table(["behaviour", "people", "median points", "median true value", "trust bands"], rows)


def experiments_lines(data: dict) -> list[str]:
    lines = []
    toggle = data["experiments"].get("toggle")
    if toggle:
        lines.append(
            f"- **Toggled use.** A ring member marked another's insight used and took it back "
            f"{toggle['toggles']} times on day {toggle['day']}: the author received "
            f"**{toggle['notifications']}** `contribution_used` "
            f"notification{'' if toggle['notifications'] == 1 else 's'} for it (wanted: 1)."
        )
    dot = data["experiments"].get("dot_then_cancel")
    if dot:
        before, after = dot["trust_before"], dot["trust_after"]
        lines.append(
            f'- **"." then cancel.** A promise-breaker delivered "." on a trade an honest trader had '
            f"accepted, then called the trade off: trade {dot.get('trade_state', '?')}, their leg "
            f"{dot.get('legs', {}).get('breaker', '?')}, the colleague's {dot.get('legs', {}).get('partner', '?')}. "
            f"Their trust went from {before['on_time']} on time / {before['settled']} settled "
            f"(score {before['score']}, {before['band']}) to {after['on_time']} on time / "
            f"{after['settled']} settled (score {after['score']}, {after['band']}); reputation "
            f"{dot['reputation_before']} → {dot['reputation_after']}."
        )
    return lines


def images(directory: Path, before: dict | None) -> list[str]:
    titles = {
        "scatter": "Reputation against true value",
        "shares": "Adversaries' points as % of the median expert",
        "bands": "Trust band by behaviour",
        "leaderboard": "The all-time top 10 a leader sees",
    }
    lines = []
    for chart, name in CHARTS.items():
        lines += ["", f"**{titles[chart]}**", ""]
        if before and (directory / BEFORE / name).exists():
            lines += [
                "| before | now |",
                "|---|---|",
                f"| ![{titles[chart]}, before]({BEFORE}/{name}) | ![{titles[chart]}]({name}) |",
            ]
        else:
            lines.append(f"![{titles[chart]}]({name})")
    return lines


def launch_sentence(data: dict) -> str:
    """Whether the admin vouched for the launch staff, and whether the server took it."""
    if not data.get("launch_vouching"):
        return "Nobody is vouched for at the launch."
    answers = data.get("launch_vouches", {})
    if answers and not any(status.startswith("2") for status in answers):
        refusals = ", ".join(f"{count}× {status}" for status, count in answers.items())
        return (
            f"At the launch the admin tried to vouch for everyone who joined then; this server has no "
            f"vouching and refused ({refusals}), so nothing changed."
        )
    return (
        "At the launch the admin vouches for everyone who joins then (the adversaries among them too: nobody "
        "can tell them apart yet); the throwaways, made later, are not vouched for."
    )


def write_report(data: dict, directory: Path) -> Path:
    """Write results.md into `directory` (beside results.json and the charts)."""
    before = load_before(directory)
    scale = data["scale"]
    missed = [target for target in data["targets"] if not target["met"]]
    before_lines = (
        [
            f"The before column is the run kept in `{BEFORE}/` (`{before['command']}` against "
            f"{before.get('rules', 'unknown rules')}: "
            f"{sum(1 for target in before['targets'] if target['met'])} of {len(before['targets'])} "
            f"targets met).",
            "",
        ]
        if before
        else []
    )
    lines = [
        "## Fair game: does reputation follow real value?",
        "",
        f"A simulated firm of {scale['people']} people in 5 divisions plays the real API for {scale['weeks']} weeks "
        f"(in process, Flask's test client, the server's clock frozen and moved through each day, `flask sweep` "
        f"every night). Every figure below is read back from the API; the true value is the simulation's own "
        f"tally of what each person genuinely gave colleagues (a use by an honest colleague 1, an accepted answer "
        f"1.5, a kept promise 0.5 on time or 0.2 late, a helpful vote 0.2; any adversarial action 0).",
        "",
        f"Command: `{data['command']}` (seed {data['seed']}, {data['database']}); run time {data['run_seconds']:g} s "
        f"for {data['requests']:,} requests. Rules under test: {data.get('rules', 'unknown')}. "
        + launch_sentence(data),
        "",
        f"**{len(data['targets']) - len(missed)} of {len(data['targets'])} targets met.**",
        "",
        "### Targets",
        "",
        *before_lines,
        *targets_table(data, before),
        "",
        "### Adversaries",
        "",
        f"Median honest expert: {shown(data['figures']['median_expert_points'])} points; median honest trader: "
        f"{shown(data['figures']['median_trader_trade_points'])} trade points (legs on time and late). "
        f"Levels: the highest ever reached (level-up notifications and weekly snapshots). Trust bands: the final one "
        f"and every one seen at a weekly snapshot.",
        "",
        *adversaries_table(data),
        "",
        "### The known attacks",
        "",
        *experiments_lines(data),
        "",
        "### What a leader sees",
        *board_tables(data),
        "",
        "### By behaviour",
        "",
        *behaviour_table(data),
        "",
        "### Charts",
        *images(directory, before),
        "",
    ]
    path = directory / "results.md"
    path.write_text("\n".join(lines))
    return path


def targets_text(targets) -> str:
    """The targets as a plain table for the terminal."""
    rows = [
        (target.name, target.target, shown(target.measured), "met" if target.met else "MISSED") for target in targets
    ]
    widths = [max(len(row[column]) for row in rows + [("target", "wanted", "measured", "")]) for column in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(("target", "wanted", "measured", ""), widths))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    return "\n".join(lines)
