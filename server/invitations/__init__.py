"""Invitations: how an admin brings a colleague in, with their division and role."""
