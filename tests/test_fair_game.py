"""The fair game, small: a simulated firm plays the real API and every anti-farming target is met.

bench/simulate (see its package docstring) plays 64 people for 13 weeks (a quarter) through the test
client on the freshly migrated app of each backend: honest experts, members and traders,
and the adversaries (a ring, throwaway accounts, prolific posters of nothing, a taker,
ping-pong traders, promise-breakers, a toggled use, a "." delivery before a cancel). Every
figure it judges is read back from the API; the targets are in bench/simulate/measures.py.
The full-size run is `make simulate` (docs/fair-game).

"""

from bench.simulate import run_simulation

SEED = 7


def test_every_fair_game_target_is_met(app):
    result = run_simulation(app, seed=SEED, fast=True)

    assert not result.missed, (
        f"{len(result.missed)} of {len(result.targets)} fair-game targets missed "
        f"(seed {SEED}, fast run):\n{result.missed_message()}"
    )
