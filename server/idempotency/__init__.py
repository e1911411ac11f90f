"""Idempotency keys: a retried POST returns its first response and creates nothing new."""
