"""Divisions: the organisational units people belong to."""
