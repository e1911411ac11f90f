"""What can happen in the audit log, and the sentence each entry reads as.

The sentence is built here once, from the entry alone, so that the API and the app say
the same thing (the app shows `summary` as it comes).
"""

from enum import StrEnum


class AuditAction(StrEnum):
    """An administrative change (and the account events an admin answers for)."""

    DIVISION_CREATED = "division.created"
    DIVISION_RENAMED = "division.renamed"
    PERSON_UPDATED = "person.updated"
    PERSON_DEACTIVATED = "person.deactivated"
    PERSON_REACTIVATED = "person.reactivated"
    PERSON_VOUCHED = "person.vouched"  # their credits count at once (shared/fair_game.py)
    PERSON_JOINED = "person.joined"
    PERSON_PROVISIONED = "person.provisioned"
    PERSON_LINKED = "person.linked"
    INVITATION_CREATED = "invitation.created"
    INVITATION_REVOKED = "invitation.revoked"
    SIGN_UP_APPROVED = "sign_up.approved"
    SIGN_UP_REJECTED = "sign_up.rejected"
    POST_EDITED = "post.edited"
    POST_DELETED = "post.deleted"
    POST_RETIRED = "post.retired"  # an admin retired someone's insight
    TAG_UPDATED = "tag.updated"  # its verification interval (shared/freshness.py)
    ANSWER_EDITED = "answer.edited"
    ANSWER_DELETED = "answer.deleted"
    # Moderation (server.moderation): `after` holds the admin's note.
    POST_HIDDEN = "post.hidden"
    POST_RESTORED = "post.restored"
    ANSWER_HIDDEN = "answer.hidden"
    ANSWER_RESTORED = "answer.restored"
    FLAGS_DISMISSED = "flags.dismissed"  # after: the note, how many flags, and on a post or an answer


class AuditObject(StrEnum):
    """The kinds of thing an entry is about."""

    DIVISION = "division"
    PERSON = "person"
    INVITATION = "invitation"
    SIGN_UP = "sign_up"
    POST = "post"
    ANSWER = "answer"
    TAG = "tag"


# Who made a change when no admin did.
COMMAND_LINE = "Command line"
IDENTITY_PROVIDER = "Identity provider"
DEMO_DATA = "Demo data"

FIELD_NAMES = {
    "division": "division",
    "role": "role",
    "is_active": "active",
    "name": "name",
    "title": "title",
    "body": "text",
    "audience": "audience",
    "tags": "tags",
    "status": "status",
    "account": "account",
    "needed_by": "needed by",
    "duplicate_of_id": "duplicate of",
    "email": "email",
    "state": "state",
    "established": "established",
    "verification_days": "verification days",
    "note": "note",
}


def describe_change(before: dict | None, after: dict | None) -> str:
    """'division from Field Sales North to Product Management; role from member to leader' (in
    words: the app's font has no arrows)."""
    before, after = before or {}, after or {}
    parts = []
    for field in after:
        old, new = before.get(field), after[field]
        if old != new:
            parts.append(f"{FIELD_NAMES.get(field, field)} from {shown(old)} to {shown(new)}")
    return "; ".join(parts)


def shown(value) -> str:
    """A field's value as a person reads it."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


def noted(after: dict) -> str:
    """': <the admin's note>' for a moderation entry that has one."""
    return f": {after['note']}" if after.get("note") else ""


def summary_of(*, action: str, actor: str, label: str, before: dict | None, after: dict | None) -> str:
    """The sentence an entry reads as, e.g. 'Ines Duarte changed Ana López: role from member to leader'."""
    after = after or {}
    change = describe_change(before, after)
    sentences = {
        AuditAction.DIVISION_CREATED: f"{actor} created the division {label}",
        AuditAction.DIVISION_RENAMED: f"{actor} renamed the division {(before or {}).get('name', label)} "
        f"to {after.get('name', label)}",
        AuditAction.PERSON_UPDATED: f"{actor} changed {label}: {change}",
        AuditAction.PERSON_DEACTIVATED: f"{actor} deactivated {label}",
        AuditAction.PERSON_REACTIVATED: f"{actor} reactivated {label}",
        AuditAction.PERSON_JOINED: f"{label} joined with an invitation ({shown(after.get('division'))}, "
        f"{shown(after.get('role'))})",
        AuditAction.PERSON_PROVISIONED: f"{label} signed in with their company account for the first time "
        f"({shown(after.get('division'))}, {shown(after.get('role'))})",
        AuditAction.PERSON_LINKED: f"{label}'s account was linked to their company account",
        AuditAction.INVITATION_CREATED: f"{actor} invited {label} ({shown(after.get('division'))}, "
        f"{shown(after.get('role'))})",
        AuditAction.INVITATION_REVOKED: f"{actor} revoked the invitation for {label}",
        AuditAction.SIGN_UP_APPROVED: f"{actor} approved {label}'s sign-up ({shown(after.get('division'))}, "
        f"{shown(after.get('role'))})",
        AuditAction.SIGN_UP_REJECTED: f"{actor} turned down {label}'s sign-up",
        AuditAction.POST_EDITED: f"{actor} edited the post \u201c{label}\u201d: {change}",
        AuditAction.POST_DELETED: f"{actor} deleted the post \u201c{label}\u201d",
        AuditAction.POST_RETIRED: f"{actor} retired the insight \u201c{label}\u201d",
        AuditAction.TAG_UPDATED: f"{actor} changed the tag {label}: {change}",
        AuditAction.ANSWER_EDITED: f"{actor} edited an answer on \u201c{label}\u201d",
        AuditAction.ANSWER_DELETED: f"{actor} deleted an answer on \u201c{label}\u201d",
        AuditAction.POST_HIDDEN: f"{actor} hid the post \u201c{label}\u201d{noted(after)}",
        AuditAction.POST_RESTORED: f"{actor} restored the post \u201c{label}\u201d{noted(after)}",
        AuditAction.ANSWER_HIDDEN: f"{actor} hid an answer on \u201c{label}\u201d{noted(after)}",
        AuditAction.ANSWER_RESTORED: f"{actor} restored an answer on \u201c{label}\u201d{noted(after)}",
        AuditAction.FLAGS_DISMISSED: f"{actor} dismissed {after.get('flags', 'the')} "
        f"flag{'' if after.get('flags') == 1 else 's'} on "
        f"{'an answer on' if after.get('on') == 'answer' else 'the post'} "
        f"\u201c{label}\u201d{noted(after)}",
    }
    return sentences.get(action, f"{actor}: {action} {label}").rstrip(": ")
