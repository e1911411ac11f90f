"""Reputation: the append-only ledger, materialised totals, daily scores and privileges."""
