"""Helpful votes: the light signal on a post or an answer."""
