"""The app's screens, one module (and one .kv beside it) each.

A new feature adds its module here; nothing else needs to change. Each module defines
`SCREEN`, a QuidScreen subclass whose `name` the navigator opens it by.
"""

SCREEN_MODULES = (
    "sign_in",
    "join",
    "sign_up",
    "feed",
    "compose",
    "post_detail",
    "uses",
    "search",
    "tag",
    "outbox",
    "leaderboard",
    "leaders",
    "notifications",
    "profile",
    "points",
    "trades",
    "trade_detail",
    "propose_trade",
    "admin",
    "admin_people",
    "admin_person",
    "admin_invitations",
    "admin_divisions",
    "admin_audit",
    "admin_flags",
    "my_flags",
    "welcome",
)
