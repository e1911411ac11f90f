"""Badges: awarded once, at the moment their condition first holds."""
