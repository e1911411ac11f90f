"""Notifications: the immediate payback — someone answered, accepted, used your work."""
