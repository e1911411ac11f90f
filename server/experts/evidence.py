"""What others made of each person's work on a topic: the evidence behind expert suggestions.

Everything counted is on posts the viewer may see, so neither a suggestion nor its reason
reveals a post outside their audience. Overload figures (open asks, share of the firm's
help) are counts about a person, naming no post.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import distinct, exists, func, select

from server.answers.models import Answer
from server.common.clock import utcnow
from server.common.firm_time import firm_day, start_of_firm_date
from server.experts.models import ExpertAsk
from server.extensions import db
from server.posts.models import Post
from server.posts.visibility import not_hidden_condition, visible_post_condition
from server.tags.models import Tag, post_tags, user_expertise
from server.users.models import User
from server.uses.models import Use
from shared.enums import UNSOLVED_STATUSES, PostKind
from shared.experts import (
    ACCEPTED_ANSWER_WEIGHT,
    DECLARED_EXPERTISE_WEIGHT,
    HEAVY_HELP_SHARE,
    HEAVY_OPEN_ASKS,
    HELP_SHARE_MINIMUM,
    OPEN_ASK_DAYS,
    OVERLOAD_FACTOR,
    SIMILAR_WORK_WEIGHT,
    USED_ANSWER_WEIGHT,
    USED_INSIGHT_WEIGHT,
)
from shared.periods import period_starts_on
from shared.rules import Period
from shared.wording import plural


def on_tags(counts: Counter) -> str:
    """'#pricing' or '#pricing (2) and #pilot (1)', the most first."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if len(ordered) == 1:
        return f"#{ordered[0][0]}"
    return " and ".join(f"#{name} ({count})" for name, count in ordered)


@dataclass
class Evidence:
    """One person's evidence on a topic, and how loaded they are."""

    accepted: Counter = field(default_factory=Counter)  # tag → accepted answers
    used_answers: Counter = field(default_factory=Counter)  # tag → colleagues who used their answers
    used_insights: Counter = field(default_factory=Counter)  # tag → colleagues who used their insights
    similar: int = 0  # accepted answers and used insights among the posts most like it
    declared: set = field(default_factory=set)  # tags they list as expertise
    open_asks: int = 0
    help_share: float = 0.0  # of the firm's help this month; 0 until the firm gave enough

    @property
    def strength(self) -> float:
        return (
            ACCEPTED_ANSWER_WEIGHT * sum(self.accepted.values())
            + USED_ANSWER_WEIGHT * sum(self.used_answers.values())
            + USED_INSIGHT_WEIGHT * sum(self.used_insights.values())
            + SIMILAR_WORK_WEIGHT * self.similar
            + DECLARED_EXPERTISE_WEIGHT * len(self.declared)
        )

    @property
    def carrying_many_asks(self) -> bool:
        return self.open_asks >= HEAVY_OPEN_ASKS

    @property
    def giving_much_help(self) -> bool:
        return self.help_share >= HEAVY_HELP_SHARE

    @property
    def score(self) -> float:
        """Strength, halved for each sign of overload."""
        factor = (OVERLOAD_FACTOR if self.carrying_many_asks else 1) * (OVERLOAD_FACTOR if self.giving_much_help else 1)
        return self.strength * factor

    def reasons(self) -> list[str]:
        """The evidence in words, strongest kind first, then what held them back."""
        reasons = []
        if self.accepted:
            reasons.append(f"{plural(sum(self.accepted.values()), 'accepted answer')} on {on_tags(self.accepted)}")
        if self.used_answers:
            reasons.append(
                f"answers on {on_tags(self.used_answers)} used by "
                f"{plural(sum(self.used_answers.values()), 'colleague')}"
            )
        if self.used_insights:
            reasons.append(
                f"insights on {on_tags(self.used_insights)} used by "
                f"{plural(sum(self.used_insights.values()), 'colleague')}"
            )
        if self.similar:
            reasons.append(
                f"{plural(self.similar, 'accepted answer or used insight', 'accepted answers or used insights')}"
                " on similar posts"
            )
        if self.declared:
            reasons.append("lists " + " and ".join(f"#{name}" for name in sorted(self.declared)) + " as expertise")
        if self.carrying_many_asks:
            reasons.append(f"already has {plural(self.open_asks, 'open ask')}, so ranked lower")
        if self.giving_much_help:
            reasons.append(f"gave {round(self.help_share * 100)}% of the firm's help this month, so ranked lower")
        return reasons


def gather(*, viewer: User | None, tag_ids: list[int], similar_post_ids: list[int] = ()) -> dict[int, Evidence]:
    """Everyone with evidence on `tag_ids` or among `similar_post_ids`, by user id, counted on
    the posts `viewer` may see (the whole firm's live posts for None: figures that name no post)."""
    evidence: dict[int, Evidence] = {}

    def of(user_id: int) -> Evidence:
        return evidence.setdefault(user_id, Evidence())

    visible = visible_post_condition(viewer=viewer) if viewer is not None else Post.deleted_at.is_(None)
    # Hidden work is no evidence for anyone, even for its author or an admin, who still see it.
    visible = visible & not_hidden_condition(Post)
    live_answer = Answer.deleted_at.is_(None) & not_hidden_condition(Answer)
    if tag_ids:
        tagged = Tag.id.in_(tag_ids)
        accepted = (
            select(Answer.author_id, Tag.name, func.count(Answer.id))
            .join(Post, Post.id == Answer.post_id)
            .join(post_tags, post_tags.c.post_id == Post.id)
            .join(Tag, Tag.id == post_tags.c.tag_id)
            .where(tagged, visible, Answer.accepted_at.is_not(None), live_answer)
            .group_by(Answer.author_id, Tag.name)
        )
        for user_id, name, count in db.session.execute(accepted):
            of(user_id).accepted[name] = count
        used_answers = (
            select(Answer.author_id, Tag.name, func.count(distinct(Use.user_id)))
            .select_from(Use)
            .join(Answer, Answer.id == Use.answer_id)
            .join(Post, Post.id == Answer.post_id)
            .join(post_tags, post_tags.c.post_id == Post.id)
            .join(Tag, Tag.id == post_tags.c.tag_id)
            .where(tagged, visible, live_answer, Use.user_id != Answer.author_id)
            .group_by(Answer.author_id, Tag.name)
        )
        for user_id, name, count in db.session.execute(used_answers):
            of(user_id).used_answers[name] = count
        used_insights = (
            select(Post.author_id, Tag.name, func.count(distinct(Use.user_id)))
            .select_from(Use)
            .join(Post, Post.id == Use.post_id)
            .join(post_tags, post_tags.c.post_id == Post.id)
            .join(Tag, Tag.id == post_tags.c.tag_id)
            .where(tagged, visible, Post.kind == PostKind.INSIGHT.value, Use.user_id != Post.author_id)
            .group_by(Post.author_id, Tag.name)
        )
        for user_id, name, count in db.session.execute(used_insights):
            of(user_id).used_insights[name] = count
        declared = select(user_expertise.c.user_id, Tag.name).join(Tag, Tag.id == user_expertise.c.tag_id).where(tagged)
        for user_id, name in db.session.execute(declared):
            of(user_id).declared.add(name)
    if similar_post_ids:
        # The similar posts were found among those the viewer may see.
        accepted_there = (
            select(Answer.author_id, func.count(Answer.id))
            .where(Answer.post_id.in_(similar_post_ids), Answer.accepted_at.is_not(None), live_answer)
            .group_by(Answer.author_id)
        )
        used_there = (
            select(Post.author_id, func.count(distinct(Post.id)))
            .where(
                Post.id.in_(similar_post_ids),
                Post.kind == PostKind.INSIGHT.value,
                exists().where(Use.post_id == Post.id, Use.user_id != Post.author_id),
            )
            .group_by(Post.author_id)
        )
        for statement in (accepted_there, used_there):
            for user_id, count in db.session.execute(statement):
                of(user_id).similar += count
    return evidence


def add_load(evidence: dict[int, Evidence]) -> None:
    """Fill in each person's open asks and share of the firm's help this month."""
    user_ids = list(evidence)
    if not user_ids:
        return
    since = utcnow() - timedelta(days=OPEN_ASK_DAYS)
    answered_by_expert = exists().where(
        Answer.post_id == ExpertAsk.post_id, Answer.author_id == ExpertAsk.expert_id, Answer.deleted_at.is_(None)
    )
    open_asks = (
        select(ExpertAsk.expert_id, func.count(ExpertAsk.id))
        .join(Post, Post.id == ExpertAsk.post_id)
        .where(
            ExpertAsk.expert_id.in_(user_ids),
            ExpertAsk.created_at >= since,
            Post.status.in_(UNSOLVED_STATUSES),
            Post.deleted_at.is_(None),
            not_hidden_condition(Post),
            ~answered_by_expert,
        )
        .group_by(ExpertAsk.expert_id)
    )
    for user_id, count in db.session.execute(open_asks):
        evidence[user_id].open_asks = count
    given = help_given_this_month()
    total = sum(given.values())
    if total >= HELP_SHARE_MINIMUM:
        for user_id in user_ids:
            evidence[user_id].help_share = given.get(user_id, 0) / total


def help_given_this_month() -> Counter:
    """Acts of help since the firm's month began, by giver: uses of their posts and answers by
    others, and their answers accepted."""
    month_began = start_of_firm_date(period_starts_on(Period.MONTH, firm_day(utcnow())))
    given = Counter()
    on_posts = (
        select(Post.author_id, func.count(Use.id))
        .join(Post, Post.id == Use.post_id)
        .where(Use.created_at >= month_began, Use.user_id != Post.author_id)
        .group_by(Post.author_id)
    )
    on_answers = (
        select(Answer.author_id, func.count(Use.id))
        .join(Answer, Answer.id == Use.answer_id)
        .where(Use.created_at >= month_began, Use.user_id != Answer.author_id)
        .group_by(Answer.author_id)
    )
    accepted = (
        select(Answer.author_id, func.count(Answer.id))
        .where(Answer.accepted_at >= month_began, Answer.deleted_at.is_(None))
        .group_by(Answer.author_id)
    )
    for statement in (on_posts, on_answers, accepted):
        for user_id, count in db.session.execute(statement):
            given[user_id] += count
    return given
