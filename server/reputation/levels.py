"""A person's level: the one their points reach, held back at the levels that carry
privileges over others' content until their points come from enough people, divisions and
days (shared/fair_game.py). Kept on the user row, changed with every entry that moves points."""

import functools

from sqlalchemy import Select, bindparam, distinct, func, select
from sqlalchemy.orm import aliased

from server.extensions import db
from server.reputation.models import ReputationEntry, is_live
from server.reputation.signals import level_reached
from server.users.models import User
from shared.fair_game import Breadth, breadth_needed, meets_breadth
from shared.levels import LEVELS, level_for


def update_level(user: User) -> None:
    """Bring `user.level` to what their reputation and breadth reach; announce a first reach."""
    reached = level_by_rules(user)
    if reached == user.level:
        return
    user.level = reached
    if reached > user.highest_level:
        user.highest_level = reached
        level_reached.send(user, level=LEVELS[reached - 1])


def level_by_rules(user: User) -> int:
    """The highest level whose points `user` has and whose breadth they meet."""
    by_points = level_for(user.reputation).number
    if by_points <= user.level or breadth_needed(by_points) is None:
        return by_points
    breadth = breadth_of(user_id=user.id)
    return max(number for number in range(1, by_points + 1) if meets_breadth(breadth, breadth_needed(number)))


def breadth_of(*, user_id: int) -> Breadth:
    """From how many people, in how many divisions and on how many days `user_id` earned points."""
    people, divisions, days = db.session.execute(breadth_statement(), {"user_id": user_id}).one()
    return Breadth(people=people, divisions=divisions, days=days)


@functools.cache
def breadth_statement() -> Select:
    """`breadth_of` `:user_id`, built once: its aliases cost far more to set up than the
    statement costs to run, and every profile of someone nearing level 4 asks it."""
    actor = aliased(User)
    entry = ReputationEntry
    return (
        select(
            func.count(distinct(entry.actor_id)),
            func.count(distinct(actor.division_id)),
            func.count(distinct(entry.score_day)),
        )
        .select_from(entry)
        .join(actor, actor.id == entry.actor_id)
        .where(entry.recipient_id == bindparam("user_id"), entry.points > 0, is_live())
    )


def recompute_levels() -> None:
    """Every user's level from scratch (after a data repair): points, then breadth."""
    for user in db.session.execute(select(User)).scalars():
        user.level = 1
        user.level = level_by_rules(user)
        user.highest_level = max(user.highest_level, user.level)
    db.session.flush()
