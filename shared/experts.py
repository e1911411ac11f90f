"""How Quid suggests who could answer a challenge, and when it spares someone.

Evidence is what others made of a person's work on a topic: answers accepted and answers or
insights used by colleagues, on the challenge's tags or on challenges and insights most like
it in words; declaring a topic as one's expertise counts a little. People already carrying
many open asks, or who gave a large share of the firm's help this month, rank lower (Rob
Cross: the most sought-after burn out first), and the reason says so.
"""

SUGGESTED_EXPERTS = 5

# What each piece of evidence weighs.
ACCEPTED_ANSWER_WEIGHT = 3.0
USED_ANSWER_WEIGHT = 2.0
USED_INSIGHT_WEIGHT = 2.0
SIMILAR_WORK_WEIGHT = 2.0
DECLARED_EXPERTISE_WEIGHT = 1.0
# How many of the posts most like a challenge in words are looked at for similar work.
SIMILAR_POSTS = 20

# Overload: open asks within this many days, at or above this count, halve the score…
OPEN_ASK_DAYS = 30
HEAVY_OPEN_ASKS = 3
# …and so does giving at least this share of the firm's help this month (uses of one's
# content and accepted answers), once the firm has given at least HELP_SHARE_MINIMUM acts.
HEAVY_HELP_SHARE = 0.2
HELP_SHARE_MINIMUM = 10
OVERLOAD_FACTOR = 0.5

# Asking an expert: at most this many asks by one person within the hour.
ASKS_PER_HOUR = 10
