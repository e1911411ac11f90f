"""Dates a thumb can pick without a calendar: in 3 days, in a week, in two weeks; and the
chip that opens the calendar (mobile/ui/date_picker.py) for any other day."""

# Label → days from today.
QUICK_DAYS = {"In 3 days": 3, "In a week": 7, "In two weeks": 14}
# The last chip of a due date's choices: opens the date picker.
PICK_A_DATE = "Pick a date"
