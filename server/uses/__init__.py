"""Uses: "I used this" on an insight or an answer — the strongest signal in Quid."""
