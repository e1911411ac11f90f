"""Freshness: insights their authors keep verified, that colleagues can call out of date, and retire."""
