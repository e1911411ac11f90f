"""Quid's test suite: through HTTP, on SQLite and on PostgreSQL."""
