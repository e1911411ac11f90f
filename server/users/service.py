"""People: profiles, the directory and self-service edits."""

import functools

from flask_smorest import abort
from sqlalchemy import Select, bindparam, exists, or_, select

from server.answers.models import Answer
from server.badges.service import badges_of
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.divisions.models import Division
from server.divisions.service import count_people
from server.extensions import db
from server.helpful.models import HelpfulVote
from server.posts.models import Post
from server.reputation.levels import breadth_of
from server.tags.models import Tag, user_expertise
from server.tags.service import existing_tags, listed_names
from server.trades.models import Trade
from server.trust.service import trust_of
from server.users.models import User
from server.users.name_search import people_matching
from server.uses.models import Use
from shared.enums import Role
from shared.levels import standing_for


def get_user(*, user_id: int) -> User:
    """The active user with this id, or 404."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        abort(404, message="No such person.")
    return user


def profile_of(*, user: User, viewer: User | None = None) -> dict:
    """Everything a profile shows: reputation, level with progress, badges and trust.

    `viewer`: someone else reading it, who sees only the expertise tags listed to them (a
    tag born with a post outside their audience names what that post is about). Without a
    viewer it is the person's own profile, which also says whether they have `started`."""
    expertise = expertise_of(user_id=user.id)
    own = {} if viewer is not None else {"started": bool(expertise) or has_activity(user_id=user.id)}
    to_others = viewer is not None and viewer.id != user.id and viewer.role != Role.ADMIN.value
    if viewer is not None and viewer.id != user.id:
        listed = listed_names(names=expertise, viewer=viewer)
        expertise = [name for name in expertise if name in listed]
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "title": user.title,
        "division": user.division,
        "role": user.role,
        "reputation": user.reputation,
        "level": level_of(user=user),
        "badges": badges_of(
            user_id=user.id, to_others=to_others, read_by_holder=viewer is None or viewer.id == user.id
        ),
        "trust": trust_of(user_id=user.id),
        "expertise": expertise,
        "created_at": user.created_at,
        **own,
    }


def expertise_of(*, user_id: int) -> list[str]:
    """The names of the tags a person knows about, in order (what a profile shows of them)."""
    return list(db.session.execute(expertise_statement(), {"user_id": user_id}).scalars())


@functools.cache
def expertise_statement() -> Select:
    """`expertise_of` `:user_id`, built once: every profile reads it."""
    return (
        select(Tag.name)
        .join(user_expertise, user_expertise.c.tag_id == Tag.id)
        .where(user_expertise.c.user_id == bindparam("user_id"))
        .order_by(Tag.name)
    )


def has_activity(*, user_id: int) -> bool:
    """Whether the person has posted, answered, used or voted helpful on something, proposed a
    trade or answered one proposed to them (a proposal alone is someone else's doing): one
    statement, asked only while they have chosen no expertise."""
    return bool(db.session.execute(activity_statement(), {"user_id": user_id}).scalar())


@functools.cache
def activity_statement() -> Select:
    """`has_activity` of `:user_id`, built once: /me asks it on every read by a newcomer."""
    user_id = bindparam("user_id")
    return select(
        or_(
            exists().where(Post.author_id == user_id),
            exists().where(Answer.author_id == user_id),
            exists().where(Use.user_id == user_id),
            exists().where(HelpfulVote.user_id == user_id),
            exists().where(Trade.proposer_id == user_id),
            exists().where(Trade.counterparty_id == user_id, Trade.responded_at.is_not(None)),
        )
    )


def level_of(*, user: User) -> dict:
    """A person's level and progress, with how widely their points were earned when the next
    level asks for breadth."""
    standing = standing_for(user.reputation, user.level)
    breadth = breadth_of(user_id=user.id) if standing.next_breadth is not None else None
    return {**vars(standing), "breadth": breadth}


def update_me(*, user: User, changes: dict) -> User:
    """Apply a person's edits to their own profile; expertise must name existing tags."""
    if "display_name" in changes:
        user.display_name = changes["display_name"]
    if "title" in changes:
        user.title = changes["title"] or None
    if "expertise" in changes:
        user.expertise = existing_tags(names=changes["expertise"], field="expertise", viewer=user)
    db.session.flush()
    return user


def list_users(*, q: str | None, division_id: int | None, limit: int, cursor: str | None) -> Page:
    """The directory of active people, optionally by name and division."""
    statement, id_column = select(User).where(User.is_active.is_(True)), User.id
    if q:
        statement, id_column = people_matching(statement, text=q, columns=("display_name",))
    if division_id is not None:
        statement = statement.where(User.division_id == division_id)
    return page_by_id(statement, id_column=id_column, limit=limit, cursor=cursor, newest_first=False)


def email_taken(*, email: str) -> bool:
    """Whether a person (active or not) already has this email."""
    return db.session.execute(select(User.id).where(User.email == email)).first() is not None


def create_person(*, email: str, display_name: str, password_hash: str | None, division: Division, role: str) -> User:
    """Add a person who joined (by invitation, an approved sign-up or single sign-on).

    Callers check `email_taken` first; a concurrent join with the same email fails on the
    unique email and the request answers 409.
    """
    now = utcnow()
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=display_name,
        division=division,
        role=role,
        reputation=0,
        created_at=now,
        updated_at=now,
    )
    db.session.add(user)
    db.session.flush()
    count_people(division_id=division.id, change=1)
    return user


def person_label(user: User) -> str:
    """How the audit log names a person: 'Ana López (ana.lopez@quid.example)'."""
    return f"{user.display_name} ({user.email})"
