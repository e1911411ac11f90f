"""The reactions (uses, helpful votes) a post or an answer received."""

from sqlalchemy import select

from server.extensions import db
from server.helpful.models import HelpfulVote
from server.uses.models import Use


def reactions_to(*, post_id: int | None = None, answer_id: int | None = None) -> dict[str, list[int]]:
    """The ids of the uses and helpful votes a post or an answer received."""
    target = {"post_id": post_id} if post_id is not None else {"answer_id": answer_id}
    return {
        "use_ids": list(db.session.execute(select(Use.id).filter_by(**target)).scalars()),
        "vote_ids": list(db.session.execute(select(HelpfulVote.id).filter_by(**target)).scalars()),
    }
