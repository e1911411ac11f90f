"""Dates a thumb can pick without a calendar: in 3 days, in a week, in two weeks."""

# Label → days from today.
QUICK_DAYS = {"In 3 days": 3, "In a week": 7, "In two weeks": 14}
