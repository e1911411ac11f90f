"""The acts of giving value (shared/analytics.py) as one SQL selection, read by every figure.

Each row is one act: who gave, who received, what kind of act, and what it carried (hours
saved and a deal influenced for a use, the leg's kind and a lead's outcome for a kept
promise). Uses of deleted content, and answers accepted on deleted challenges, no longer
count: the reputation they earned was reversed too. Acts on content an admin hid
(server.moderation) do not count while it is hidden (its reputation stays, explainable, in
the ledger). Divisions are the people's current ones.
"""

import functools

from sqlalchemy import Boolean, Float, Select, String, bindparam, case, cast, func, literal, null, select
from sqlalchemy.orm import aliased

from server.analytics.windows import Window
from server.answers.models import Answer
from server.extensions import db
from server.posts.models import Post
from server.trades.models import TradeLeg
from server.users.models import User
from server.uses.models import Use
from shared.analytics import ValueAct
from shared.trades import LeadOutcome, LegKind, LegState


def window_parameters(window: Window) -> dict:
    """The values of the window's bind parameters in the statements below."""
    return {"starts_at": window.starts_at, "ends_at": window.ends_at}


def exchanges(*, bounded: bool):
    """A subquery of the acts within the window `:starts_at` to `:ends_at` (all time unless
    `bounded`): giver_id, receiver_id, act, leg_kind, hours_saved, deal_influenced,
    lead_outcome. Built once into each statement below: a union of four selections with an
    alias costs more to build than its reads cost to run, and trends read it twice a step."""
    answered_post = aliased(Post)
    parts = [
        select(
            Post.author_id.label("giver_id"),
            Use.user_id.label("receiver_id"),
            literal(ValueAct.USE.value, String).label("act"),
            cast(null(), String).label("leg_kind"),
            Use.hours_saved.label("hours_saved"),
            Use.deal_influenced.label("deal_influenced"),
            cast(null(), String).label("lead_outcome"),
        )
        .join(Post, Use.post_id == Post.id)
        .where(Post.deleted_at.is_(None), Post.hidden_at.is_(None), *within_bounds(Use.created_at, bounded)),
        select(
            Answer.author_id,
            Use.user_id,
            literal(ValueAct.USE.value, String),
            cast(null(), String),
            Use.hours_saved,
            Use.deal_influenced,
            cast(null(), String),
        )
        .join(Answer, Use.answer_id == Answer.id)
        .join(answered_post, Answer.post_id == answered_post.id)
        .where(
            Answer.deleted_at.is_(None),
            answered_post.deleted_at.is_(None),
            Answer.hidden_at.is_(None),
            answered_post.hidden_at.is_(None),
            *within_bounds(Use.created_at, bounded),
        ),
        select(
            Answer.author_id,
            answered_post.author_id,
            literal(ValueAct.ACCEPTED_ANSWER.value, String),
            cast(null(), String),
            cast(null(), Float),
            cast(null(), Boolean),
            cast(null(), String),
        )
        .join(answered_post, Answer.post_id == answered_post.id)
        .where(
            Answer.accepted_at.is_not(None),
            Answer.deleted_at.is_(None),
            answered_post.deleted_at.is_(None),
            Answer.hidden_at.is_(None),
            answered_post.hidden_at.is_(None),
            *within_bounds(Answer.accepted_at, bounded),
        ),
        select(
            TradeLeg.promiser_id,
            TradeLeg.receiver_id,
            literal(ValueAct.LEG.value, String),
            TradeLeg.kind,
            cast(null(), Float),
            cast(null(), Boolean),
            case(
                (TradeLeg.kind == LegKind.LEAD.value, func.coalesce(TradeLeg.outcome, LeadOutcome.OPEN.value)),
                else_=None,
            ),
        ).where(TradeLeg.state == LegState.CONFIRMED.value, *within_bounds(TradeLeg.confirmed_at, bounded)),
    ]
    return parts[0].union_all(*parts[1:]).subquery("exchanges")


def within(column, window: Window) -> list:
    """Conditions keeping `column` inside `window`."""
    conditions = []
    if window.starts_at is not None:
        conditions.append(column >= window.starts_at)
    if window.ends_at is not None:
        conditions.append(column < window.ends_at)
    return conditions


def within_bounds(column, bounded: bool) -> list:
    """`within` for a window given as the bind parameters `:starts_at` and `:ends_at`."""
    return [column >= bindparam("starts_at"), column < bindparam("ends_at")] if bounded else []


def division_flow_rows(window: Window) -> list:
    """The acts of `window` counted by giver's division, receiver's division, act, leg kind and
    lead outcome: (giver_division_id, receiver_division_id, act, leg_kind, lead_outcome,
    acts, hours_saved, deals_influenced)."""
    statement = division_flow_statement(bounded=window.starts_at is not None)
    return db.session.execute(statement, window_parameters(window)).all()


@functools.cache
def division_flow_statement(*, bounded: bool) -> Select:
    acts = exchanges(bounded=bounded)
    giver, receiver = aliased(User), aliased(User)
    keys = (giver.division_id, receiver.division_id, acts.c.act, acts.c.leg_kind, acts.c.lead_outcome)
    return (
        select(
            *keys,
            func.count(),
            func.coalesce(func.sum(acts.c.hours_saved), 0.0),
            func.coalesce(func.sum(case((acts.c.deal_influenced.is_(True), 1), else_=0)), 0),
        )
        .select_from(acts)
        .join(giver, giver.id == acts.c.giver_id)
        .join(receiver, receiver.id == acts.c.receiver_id)
        .group_by(*keys)
    )


def person_tie_rows(window: Window) -> list:
    """The acts of `window` counted per giver and receiver: (giver_id, giver_division_id,
    receiver_id, receiver_division_id, acts)."""
    statement = person_tie_statement(bounded=window.starts_at is not None)
    return db.session.execute(statement, window_parameters(window)).all()


@functools.cache
def person_tie_statement(*, bounded: bool) -> Select:
    acts = exchanges(bounded=bounded)
    giver, receiver = aliased(User), aliased(User)
    keys = (acts.c.giver_id, giver.division_id, acts.c.receiver_id, receiver.division_id)
    return (
        select(*keys, func.count())
        .select_from(acts)
        .join(giver, giver.id == acts.c.giver_id)
        .join(receiver, receiver.id == acts.c.receiver_id)
        .where(acts.c.giver_id != acts.c.receiver_id)
        .group_by(*keys)
    )
