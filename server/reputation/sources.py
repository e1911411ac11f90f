"""What a ledger entry's `source_type` names: the row whose action wrote it (`source_id`)."""

USE_SOURCE = "use"  # uses.id
HELPFUL_SOURCE = "helpful"  # helpful_votes.id
ANSWER_SOURCE = "answer"  # answers.id (accepting it)
LEG_SOURCE = "trade_leg"  # trade_legs.id (kept or broken)
TRADE_SOURCE = "trade"  # trades.id (a first completed trade across divisions)
