"""Writing the audit log (in the caller's transaction) and reading it back."""

from datetime import datetime

from sqlalchemy import select

from server.audit.actions import AuditAction, AuditObject, summary_of
from server.audit.models import AuditEntry
from server.common.clock import utcnow
from server.common.pagination import Page, page_by_id
from server.extensions import db
from server.users.models import User

LABEL_MAX_LENGTH = 254


def record(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: AuditObject,
    object_id: int | None,
    object_label: str,
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Add an entry for a change made in this unit of work; it commits (or rolls back) with it.

    `actor` is the admin or person who acted; without one, `actor_label` names what did
    (the command line, the identity provider). `before` and `after` hold only the fields
    that the change concerns, as plain JSON values, never secrets.
    """
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_label=(actor.display_name if actor is not None else actor_label or "Unknown")[:120],
        action=action.value,
        object_type=object_type.value,
        object_id=object_id,
        object_label=object_label[:LABEL_MAX_LENGTH],
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def record_if_moderated(
    *,
    editor: User,
    author_id: int,
    action: AuditAction,
    object_type: AuditObject,
    object_id: int,
    object_label: str,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Record a change someone made to another person's content: an admin's edit or
    deletion, or a privileged member retagging, closing or marking a duplicate."""
    if editor.id != author_id:
        record(
            actor=editor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
            before=before,
            after=after,
        )


def excerpt(value, length: int = 300):
    """A field's value as the audit log keeps it: JSON-safe, long text shortened."""
    if isinstance(value, str) and len(value) > length:
        return value[: length - 1] + "\u2026"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def list_entries(
    *,
    action: str | None,
    object_type: str | None,
    object_id: int | None,
    actor_id: int | None,
    since: datetime | None,
    limit: int,
    cursor: str | None,
) -> Page:
    """The audit log, newest first, narrowed by any of the filters."""
    statement = select(AuditEntry)
    if action:
        statement = statement.where(AuditEntry.action == action)
    if object_type:
        statement = statement.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        statement = statement.where(AuditEntry.object_id == object_id)
    if actor_id is not None:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    if since is not None:
        statement = statement.where(AuditEntry.at >= since)
    page = page_by_id(statement, id_column=AuditEntry.id, limit=limit, cursor=cursor)
    page.items = [described(entry) for entry in page.items]
    return page


def described(entry: AuditEntry) -> dict:
    """An entry as the API shows it, with its sentence."""
    return {
        "id": entry.id,
        "at": entry.at,
        "actor_id": entry.actor_id,
        "actor": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object": entry.object_label,
        "before": entry.before,
        "after": entry.after,
        "summary": summary_of(
            action=entry.action,
            actor=entry.actor_label,
            label=entry.object_label,
            before=entry.before,
            after=entry.after,
        ),
    }
