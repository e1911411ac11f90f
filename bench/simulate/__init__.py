"""The fair game: a simulated firm that plays the real API and measures whether reputation,
levels, trust and leaderboards reward genuine value and resist farming.

    .venv/bin/python -m bench.simulate --seed 7 --out docs/fair-game     # full run (make simulate)
    .venv/bin/python -m bench.simulate --fast --seed 7 --out /tmp/fair   # the small version
    .venv/bin/python -m bench.simulate --fast --no-launch-vouching ...   # nobody vouched for at launch

The "before" run in docs/fair-game/before played the same firm against the starting rules,
with this package and the server and shared code of the commit before the fair-game rules
(`-P` keeps the working tree's own server/ off the path):

    mkdir /tmp/quid-before && git archive 2200ac0 server shared | tar -x -C /tmp/quid-before
    PYTHONPATH=/tmp/quid-before:. .venv/bin/python -P -m bench.simulate --seed 7 \
        --out docs/fair-game/before --no-fail --rules "the starting rules: ... commit 2200ac0 ..."

report.py shows that run's figures in a "before" column of docs/fair-game/results.md.

From code (the test suite passes its own freshly migrated app):

    result = run_simulation(app, seed=7, fast=True)
    assert not result.missed, result.missed

Modules: firm (population and ground truth), behaviour (what each kind of person does on a
day), world (content, trades and the actions on them), driver (the app, its clock, command
line and HTTP client), simulation (the day loop), readback (what the API says at the end),
measures (Spearman and the targets), charts and report (the output).
"""

import time
from dataclasses import dataclass

from bench.simulate import firm as f
from bench.simulate.measures import Target, measure, missed
from bench.simulate.readback import read_back
from bench.simulate.simulation import Simulation

__all__ = ["Result", "Target", "run_simulation"]


@dataclass
class Result:
    """A run's figures (`data`, as written to results.json) and its targets."""

    data: dict
    targets: list[Target]

    @property
    def missed(self) -> list[Target]:
        return missed(self.targets)

    def __repr__(self) -> str:
        # Short, for assertion messages: the figures are in `data`.
        return f"Result({len(self.targets) - len(self.missed)} of {len(self.targets)} targets met)"

    def missed_message(self) -> str:
        """The missed targets with their figures, one a line."""
        return "\n".join(f"{target.name}: measured {target.measured}, target {target.target}" for target in self.missed)


def run_simulation(
    app=None,
    *,
    seed: int = 7,
    fast: bool = False,
    scale: f.Scale | None = None,
    launch_vouching: bool = True,
    rules: str | None = None,
) -> Result:
    """Play the firm against `app` (a freshly migrated app; by default a new one on a
    temporary SQLite file) and measure it. Raises driver.ServerBug on a 5xx, and
    driver.Refused when the API refuses something the run cannot do without.

    `launch_vouching`: the admin vouches at launch for everyone who joins then (see
    Simulation). `rules`: words saying which rules the server holds, for the report (by
    default the git commit of the server code)."""
    from bench.simulate.driver import build_app

    holder = None
    if app is None:
        app, holder = build_app()
    scale = scale or (f.FAST if fast else f.FULL)
    started = time.perf_counter()
    try:
        firm = f.build_firm(scale, seed)
        sim = Simulation(app, firm, seed, launch_vouching=launch_vouching)
        sim.run()
        played = time.perf_counter() - started
        readback = read_back(sim)
        measured = measure(sim, readback)
    finally:
        # The app's clock runs again for whoever uses the app next.
        app.config.pop("QUID_FROZEN_NOW", None)
        if holder is not None:
            from server.extensions import db

            with app.app_context():
                db.engine.dispose()
            holder.cleanup()
    seconds = round(time.perf_counter() - started, 1)
    data = {
        "seed": seed,
        "fast": fast or scale != f.FULL,
        "launch_vouching": launch_vouching,
        # What the vouches answered: a server without vouching refuses them (422).
        "launch_vouches": {
            str(status): count
            for (label, status), count in sorted(sim.driver.outcomes.items())
            if label == "vouch at launch"
        },
        "rules": rules or rules_in_use(),
        "scale": {
            "people": scale.people,
            "weeks": scale.weeks,
            "experts": scale.experts,
            "traders": scale.traders,
            "throwaways": scale.throwaways,
            "farm_day": scale.farm_day,
        },
        "database": app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0].split("+", 1)[0],
        "run_seconds": seconds,
        "play_seconds": round(played, 1),
        "requests": sim.driver.requests,
        "targets": [target._asdict() for target in measured["targets"]],
        "figures": measured["figures"],
        "adversaries": measured["adversaries"],
        "boards": measured["boards"],
        "by_behaviour": measured["by_behaviour"],
        "experiments": sim.experiments,
        "tally": dict(sim.tally),
        "outcomes": {f"{label} → {status}": count for (label, status), count in sorted(sim.driver.outcomes.items())},
        "requests_by_behaviour": requests_by_behaviour(sim.world.actions),
        "seconds_by_action": {label: round(seconds, 2) for label, seconds in sim.driver.seconds.most_common()},
        "people": measured["people"],
        "snapshots": sim.snapshots,
    }
    return Result(data=data, targets=measured["targets"])


def rules_in_use() -> str:
    """Which rules the imported server holds: its git commit, marked when server/ or shared/
    differ from it (the rules change there); "unknown" outside a git checkout."""
    import subprocess
    from pathlib import Path

    import server

    root = Path(server.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "server", "shared"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"unknown (server/ from {root})"
    return f"commit {commit}" + (" with uncommitted changes to server/ or shared/" if changed else "")


def requests_by_behaviour(actions) -> dict:
    """{behaviour: {action: requests}}, for the report and for tuning the run's length."""
    table: dict = {}
    for (behaviour, label), count in sorted(actions.items()):
        table.setdefault(behaviour, {})[label] = count
    return table
