"""Contributions: the posts and answers people use and vote helpful, their reactions, and the
reputation events, badges and notifications those raise."""
