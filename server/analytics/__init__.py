"""Leaders' analytics: where value flows between divisions, the white space where it does not,
the people who bridge silos and the ones carrying too much, and the promises kept or broken.
Leaders and admins only; every figure also answers as CSV."""
