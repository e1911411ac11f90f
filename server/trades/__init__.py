"""Gives-and-gets: trades of two promised legs, their clock, and the trust they build."""
