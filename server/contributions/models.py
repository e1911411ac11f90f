"""The columns of a person's reaction (a use, a helpful vote) to one post or one answer."""

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class ReactionColumns:
    """Mixin: `user_id` reacted to exactly one of `post_id` / `answer_id`, at most once."""

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), index=True)

    @declared_attr.directive
    def __table_args__(cls):
        return (
            CheckConstraint("(post_id IS NULL) <> (answer_id IS NULL)", name="one_target"),
            UniqueConstraint("user_id", "post_id"),
            UniqueConstraint("user_id", "answer_id"),
        )
