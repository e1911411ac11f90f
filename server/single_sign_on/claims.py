"""From the provider's verified claims to a Quid person: email, name, division and role.

The division comes from the configured claim (`QUID_OIDC_DIVISION_CLAIM`), through
`QUID_OIDC_DIVISION_MAP` when the provider's values are not Quid's (without a map, a value
matching a division's slug or name, in any case, is that division). The role comes from
`QUID_OIDC_ROLE_CLAIM` through `QUID_OIDC_ROLE_MAP` when a role claim is configured (a
list claim such as `groups` gives the highest role any of its values maps to); otherwise
roles are managed in Quid and new people are members.

A person signing in for the first time needs a division Quid knows; someone already in
Quid whose claim is missing or unknown keeps their division (logged), so that a rename at
the provider does not lock a whole division out before its mapping is updated.
"""

import logging
from dataclasses import dataclass

from sqlalchemy import select

from server.divisions.models import Division
from server.divisions.service import division_named
from server.extensions import db
from server.single_sign_on.models import UserIdentity
from server.single_sign_on.provider import IdentityProviderError
from server.single_sign_on.settings import SsoSettings
from server.users.models import User
from shared.enums import Role
from shared.limits import DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH

log = logging.getLogger(__name__)
ROLE_RANK = {Role.MEMBER.value: 0, Role.LEADER.value: 1, Role.ADMIN.value: 2}


@dataclass(frozen=True)
class Account:
    """Who the claims say the person is, and the Quid account they are (if any yet)."""

    subject: str
    email: str
    display_name: str
    division_id: int | None
    role: str | None
    user_id: int | None


def account_from(claims: dict, settings: SsoSettings) -> Account:
    """The account the verified claims describe, or IdentityProviderError(403) saying what is missing."""
    email = claims.get(settings.email_claim)
    if not isinstance(email, str) or "@" not in email or len(email) > EMAIL_MAX_LENGTH or not email.isprintable():
        raise IdentityProviderError(
            403, f"Your company account has no usable email address (claim {settings.email_claim!r}); ask your IT team."
        )
    if claims.get("email_verified") is False:
        raise IdentityProviderError(403, "Your company account's email address is not verified; ask your IT team.")
    email = email.strip().lower()
    user = existing_user(subject=claims["sub"], issuer=settings.issuer, email=email)
    if user is not None and not user.is_active:
        raise IdentityProviderError(
            403, "Your Quid account has been deactivated; ask a Quid admin if this is a mistake."
        )
    division_value = claims.get(settings.division_claim)
    division = division_for(division_value, settings)
    if division is None and user is None:
        shown = f"'{first_text(division_value)}'" if first_text(division_value) else "nothing"
        raise IdentityProviderError(
            403,
            f"Your company account says your division is {shown} "
            f"(claim {settings.division_claim!r}), which is not a division Quid "
            f"knows; ask a Quid admin to add it or map it.",
        )
    if division is None:
        log.warning("Division claim %r of %s maps to no division; keeping their division", division_value, email)
    role = role_for(claims.get(settings.role_claim), settings) if settings.role_claim else None
    return Account(
        subject=claims["sub"],
        email=email,
        display_name=name_from(claims, settings, email),
        division_id=division.id if division is not None else None,
        role=role,
        user_id=user.id if user is not None else None,
    )


def existing_user(*, subject: str, issuer: str, email: str) -> User | None:
    """The person already linked to this company account, else the one with this email."""
    linked = db.session.execute(
        select(User)
        .join(UserIdentity, UserIdentity.user_id == User.id)
        .where(UserIdentity.issuer == issuer, UserIdentity.subject == subject)
    ).scalar_one_or_none()
    if linked is not None:
        return linked
    return db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def values_of(claim) -> list[str]:
    """A claim's text values: one string, or the strings of a list."""
    if isinstance(claim, str):
        return [claim.strip()] if claim.strip() else []
    if isinstance(claim, list):
        return [item.strip() for item in claim if isinstance(item, str) and item.strip()]
    return []


def first_text(claim) -> str:
    values = values_of(claim)
    return values[0][:80] if values else ""


def division_for(claim, settings: SsoSettings) -> Division | None:
    """The division the claim names (the first of its values that maps to one)."""
    mapping = dict(settings.division_map)
    for value in values_of(claim):
        division = division_named(mapping.get(value.lower(), value))
        if division is not None:
            return division
    return None


def role_for(claim, settings: SsoSettings) -> str:
    """The highest role any of the claim's values maps to; member when none does."""
    # With a map only mapped values count: a directory group that happens to be called
    # "admin" must not make anyone a Quid admin unless the firm says so.
    mapping = dict(settings.role_map) or {role: role for role in ROLE_RANK}
    roles = [mapping.get(value.lower()) for value in values_of(claim)]
    known = [role for role in roles if role in ROLE_RANK]
    return max(known, key=ROLE_RANK.__getitem__) if known else Role.MEMBER.value


def name_from(claims: dict, settings: SsoSettings, email: str) -> str:
    """The name to show: the name claim, else given and family names, else the email's first part."""
    name = claims.get(settings.name_claim)
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    name = "".join(character for character in name or email.partition("@")[0] if character.isprintable())
    name = " ".join(name.split())[:DISPLAY_NAME_MAX_LENGTH]
    return name if len(name) >= 2 else email[:DISPLAY_NAME_MAX_LENGTH]
