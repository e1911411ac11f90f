"""A contribution is a post or an answer: the things people use and vote helpful."""

from dataclasses import dataclass

from flask_smorest import abort

from server.answers.models import Answer
from server.answers.service import get_visible_answer
from server.posts.models import Post
from server.posts.visibility import get_visible_post
from server.users.models import User


@dataclass(frozen=True)
class Contribution:
    """Exactly one of `post` and `answer` is set."""

    post: Post | None
    answer: Answer | None

    @property
    def author_id(self) -> int:
        return (self.post or self.answer).author_id

    @property
    def target_columns(self) -> dict[str, int | None]:
        """The `post_id` / `answer_id` pair that points at this contribution."""
        return {"post_id": self.post.id if self.post else None, "answer_id": self.answer.id if self.answer else None}


def visible_contribution(*, viewer: User, post_id: int | None = None, answer_id: int | None = None) -> Contribution:
    """The post or answer `viewer` may see (404 otherwise)."""
    if post_id is not None:
        return Contribution(post=get_visible_post(post_id=post_id, viewer=viewer), answer=None)
    return Contribution(post=None, answer=get_visible_answer(answer_id=answer_id, viewer=viewer))


def refuse_own(*, contribution: Contribution, viewer: User, action: str) -> None:
    """403 when `viewer` wrote the contribution: nobody earns from their own content."""
    if contribution.author_id == viewer.id:
        abort(403, message=f"You cannot {action} your own contribution.")
