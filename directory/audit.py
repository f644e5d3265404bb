"""The audit trail: who did what, when, why, with the state before and after.

Rows are only ever added; nothing in the application updates or deletes them.
"""

from __future__ import annotations

from sqlalchemy import event

from .extensions import db
from .models import AuditEvent

SYSTEM = "system"


def record(
    action: str,
    *,
    actor: str = SYSTEM,
    therapist_id: int | None = None,
    licence_id: int | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (committed with the change it records)."""
    entry = AuditEvent(
        action=action,
        actor=actor,
        therapist_id=therapist_id,
        licence_id=licence_id,
        reason=reason,
        before=before or {},
        after=after or {},
    )
    db.session.add(entry)
    return entry


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _append_only(mapper, connection, target):
    raise RuntimeError("the audit trail is append-only")
