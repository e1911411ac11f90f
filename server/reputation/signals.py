"""What the ledger announces, for other features to act on without the ledger knowing them.

The ledger sits below everything that reacts to points (notifications, for one); calling
up into them would tie the bottom of the dependency graph to its top. It sends these
blinker signals (the library Flask's own signals use) instead; receivers run at once, in
the sender's transaction, so what they write is committed or rolled back with the points.
"""

from blinker import Namespace

reputation_signals = Namespace()

# Sent with the User who just reached a level for the first time, and `level`, its
# shared.levels.Level.
level_reached = reputation_signals.signal("level-reached")

# Sent with a ReputationEntry held from a newcomer and written again once they are
# established, so that what depended on it counting (badges, a leg's weight in trust)
# is brought up to date.
credit_released = reputation_signals.signal("credit-released")
