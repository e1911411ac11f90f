"""Helpers for the test suite: speaking HTTP to the app, a throwaway PostgreSQL, gunicorn."""
