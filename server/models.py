"""Every feature's tables and blueprints, imported in one place so the app and Alembic see all."""

from server.answers.models import Answer
from server.attachments.models import Attachment
from server.audit.models import AuditEntry
from server.auth.models import LoginThrottle, RefreshToken, TokenFamily
from server.badges.models import UserBadge
from server.divisions.models import Division
from server.experts.models import ExpertAsk
from server.freshness.models import OutdatedReport
from server.helpful.models import HelpfulVote
from server.idempotency.models import IdempotencyRecord
from server.invitations.models import Invitation
from server.moderation.models import Flag
from server.notifications.models import Notification
from server.posts.models import Post
from server.reputation.models import DailyScore, PeriodScore, ReputationEntry
from server.search.models import SearchDocument
from server.sign_ups.models import SignUpRequest
from server.single_sign_on.models import SsoSignIn, UserIdentity
from server.tags.models import Tag
from server.trades.models import Trade, TradeLeg
from server.users.models import User
from server.uses.models import Use

__all__ = [
    "Answer",
    "Attachment",
    "AuditEntry",
    "DailyScore",
    "PeriodScore",
    "Division",
    "ExpertAsk",
    "Flag",
    "Notification",
    "OutdatedReport",
    "ReputationEntry",
    "UserBadge",
    "HelpfulVote",
    "IdempotencyRecord",
    "Invitation",
    "LoginThrottle",
    "Post",
    "RefreshToken",
    "SearchDocument",
    "SignUpRequest",
    "SsoSignIn",
    "Tag",
    "TokenFamily",
    "Trade",
    "TradeLeg",
    "Use",
    "User",
    "UserIdentity",
]


def blueprints():
    """The API's blueprints, one per feature, in the order the docs list them."""
    from server.administration.views import blueprint as administration
    from server.analytics.views import blueprint as analytics
    from server.answers.views import blueprint as answers
    from server.attachments.views import blueprint as attachments
    from server.audit.views import blueprint as audit
    from server.auth.views import blueprint as auth
    from server.divisions.views import blueprint as divisions
    from server.experts.views import blueprint as experts
    from server.freshness.views import blueprint as freshness
    from server.helpful.views import blueprint as helpful
    from server.invitations.views import blueprint as invitations
    from server.leaderboard.views import blueprint as leaderboard
    from server.moderation.views import blueprint as moderation
    from server.notifications.views import blueprint as notifications
    from server.posts.views import blueprint as posts
    from server.reputation.views import blueprint as reputation
    from server.search.views import blueprint as search
    from server.sign_ups.views import blueprint as sign_ups
    from server.single_sign_on.views import blueprint as single_sign_on
    from server.tags.views import blueprint as tags
    from server.trades.views import blueprint as trades
    from server.trust.views import blueprint as trust
    from server.users.views import blueprint as users
    from server.uses.views import blueprint as uses

    return [
        auth,
        single_sign_on,
        users,
        divisions,
        tags,
        posts,
        search,
        experts,
        freshness,
        answers,
        attachments,
        uses,
        helpful,
        trades,
        trust,
        reputation,
        leaderboard,
        analytics,
        notifications,
        moderation,
        administration,
        invitations,
        sign_ups,
        audit,
    ]
