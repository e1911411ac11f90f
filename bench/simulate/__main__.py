"""`python -m bench.simulate --seed 7 --out docs/fair-game`: play the firm, write results.json,
the charts and results.md into --out, print the targets; exit 1 if one is missed (unless
--no-fail)."""

import argparse
import json
import sys
from pathlib import Path

from bench.simulate import run_simulation
from bench.simulate.charts import draw_all
from bench.simulate.report import targets_text, write_report


def parse(arguments: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.simulate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=7, help="the random seed (default 7)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("docs/fair-game"),
        help="where results.json, results.md and the charts go (default docs/fair-game)",
    )
    parser.add_argument(
        "--fast", action="store_true", help="the small firm (64 people, 13 weeks), as the test suite runs it"
    )
    parser.add_argument(
        "--no-launch-vouching",
        action="store_true",
        help="the admin does not vouch for the people who join at launch (their credits are held "
        "until colleagues vouch for them)",
    )
    parser.add_argument(
        "--rules", help="words saying which rules the server holds, for the report (default: the git commit of server/)"
    )
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    return parser.parse_args(arguments)


def command_line(arguments: argparse.Namespace) -> str:
    """The command that reproduces this run."""
    parts = ["python -m bench.simulate", f"--seed {arguments.seed}", f"--out {arguments.out}"]
    if arguments.fast:
        parts.append("--fast")
    if arguments.no_launch_vouching:
        parts.append("--no-launch-vouching")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    arguments = parse(argv)
    result = run_simulation(
        seed=arguments.seed,
        fast=arguments.fast,
        launch_vouching=not arguments.no_launch_vouching,
        rules=arguments.rules,
    )
    data = {"command": command_line(arguments), **result.data}
    out = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")
    draw_all(data, out)
    report = write_report(data, out)
    print(targets_text(result.targets))
    print(
        f"\n{len(result.targets) - len(result.missed)} of {len(result.targets)} targets met; "
        f"{data['requests']:,} requests in {data['run_seconds']:g} s. Wrote {out / 'results.json'}, {report} "
        f"and the charts."
    )
    if result.missed and not arguments.no_fail:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
