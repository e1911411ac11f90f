"""How long to wait before the next attempt: exponential, capped, with full jitter.

Jitter spreads the retries of many phones coming back online at once (a sales team leaving
the same conference hall) instead of having them hit the server in lockstep.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Delays of about `first`, 2×, 4× … seconds, never more than `ceiling`."""

    first: float = 1.0
    ceiling: float = 60.0

    def delay(self, attempts: int, *, rng: random.Random = random) -> float:
        """Seconds to wait after the `attempts`-th failure in a row (1 = the first)."""
        bound = min(self.ceiling, self.first * 2 ** max(attempts - 1, 0))
        # Full jitter, but never less than half the bound so retries do not spin.
        return rng.uniform(bound / 2, bound)
