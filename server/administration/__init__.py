"""Administration: divisions and people (change division or role, deactivate), for admins."""
