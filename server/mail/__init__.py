"""Outgoing mail (invitations), through the firm's SMTP server when one is configured."""
