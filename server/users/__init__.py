"""People: accounts, profiles and the caller's own page (`/me`)."""
