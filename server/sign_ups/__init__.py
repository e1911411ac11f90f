"""Self sign-up from the firm's own email domains, held until an admin assigns the division."""
