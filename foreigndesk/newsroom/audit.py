"""Writing the desk's audit trail: one append-only row per thing done."""

from __future__ import annotations

from typing import Any

from foreigndesk.intake.models import Original

from .models import AuditEvent, Translation


def person_name(user: Any) -> str:
    """How the desk names a person in its trail and its messages."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def record(
    *,
    action: str,
    actor: Any,
    translation: Translation | None = None,
    original: Original | None = None,
    from_state: int | None = None,
    to_state: int | None = None,
    comment: str = "",
) -> AuditEvent:
    """Append one event to the trail, inside the caller's transaction (``actor`` None: the
    desk's schedule)."""
    return AuditEvent.objects.create(
        translation=translation,
        original=original,
        actor=actor,
        actor_name=person_name(actor),
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )
