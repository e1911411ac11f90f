"""The Quid Kivy app (screens, API client and outbox) — built in its own issue."""
