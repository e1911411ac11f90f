"""Moderation: flags on posts and answers, the admins' queue, hiding and restoring."""
