"""What the app keeps on the device: settings, tokens and the outbox's database, all private."""
