"""Leaderboards: who contributes and who gets used, by period, division and metric."""
