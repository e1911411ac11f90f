"""Trust (how predictably a person keeps promises) and circles (whom they completed trades with)."""
