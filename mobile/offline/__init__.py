"""Using Quid with no network: what was read is kept on the phone, and one status line says
how the connection stands (the outbox, beside this package, keeps what is sent)."""
