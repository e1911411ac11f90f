"""Sign-up, sign-in, token refresh with rotation, and sign-out."""
