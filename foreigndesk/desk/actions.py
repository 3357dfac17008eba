"""The desk's writes: a workflow move made from a page, refused when the translation changed
after the page was shown.

The moves themselves are ``newsroom.transitions``' actions (each checks the table, the person and
its own rules); this module adds what only a page knows: the last thing the person saw
(``seen``, the id of the latest audit event on the page). Deciding on a page someone else has
since changed (submitted, sent back, commented on) is refused, so nobody approves a text they
have not seen or assigns work someone has just claimed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.models import AuditEvent, Translation
from foreigndesk.newsroom.workflow import IllegalMove, WorkflowError
from foreigndesk.workbench import assist

from .selectors import done_label

Perform = Callable[[Any, Translation, Mapping[str, Any]], object]

#: Each move a page offers, as the newsroom action it calls with the form's data.
PERFORM: dict[str, Perform] = {
    "claim": lambda actor, t, data: transitions.claim(actor=actor, translation=t),
    "assign": lambda actor, t, data: transitions.assign(
        actor=actor, translation=t, assignee=data["assignee"], comment=data.get("comment", "")
    ),
    "release": lambda actor, t, data: transitions.release(
        actor=actor, translation=t, comment=data.get("comment", "")
    ),
    "submit": lambda actor, t, data: _submit(actor, t, data),
    "request_changes": lambda actor, t, data: transitions.request_changes(
        actor=actor, translation=t, comment=data.get("comment", "")
    ),
    "approve": lambda actor, t, data: transitions.approve(
        actor=actor, translation=t, comment=data.get("comment", "")
    ),
    "publish": lambda actor, t, data: transitions.publish(actor=actor, translation=t),
    "translate_link": lambda actor, t, data: transitions.translate_link(
        actor=actor, translation=t, comment=data.get("comment", "")
    ),
    "schedule": lambda actor, t, data: transitions.schedule(
        actor=actor, translation=t, at=data["at"]
    ),
    "correct": lambda actor, t, data: transitions.correct(
        actor=actor,
        translation=t,
        text=data.get("text", ""),
        block_index=data["paragraph"] - 1 if data.get("paragraph") else None,
    ),
    "withdraw": lambda actor, t, data: transitions.withdraw(
        actor=actor, translation=t, reason=data.get("reason", "")
    ),
    "restore": lambda actor, t, data: transitions.restore(
        actor=actor, translation=t, comment=data.get("comment", "")
    ),
}


def _submit(actor: Any, translation: Translation, data: Mapping[str, Any]) -> object:
    """Submit for review, unless a quality check an editor made blocking fails."""
    blockers = assist.submission_blockers(translation)
    if blockers:
        raise IllegalMove(
            f"“{translation.title}” cannot be submitted yet: "
            + "; ".join(str(finding.message) for finding in blockers[:5])
            + (f"; and {len(blockers) - 5} more" if len(blockers) > 5 else "")
            + ". These checks block submission; see the workbench."
        )
    return transitions.submit(actor=actor, translation=translation, comment=data.get("comment", ""))


class StaleMove(WorkflowError):
    """The translation changed after the page was shown: the move was not made."""

    kind = "conflict"


def latest_event(translation: Translation) -> AuditEvent | None:
    """The last thing done to a translation (its newest audit event)."""
    return AuditEvent.objects.filter(translation=translation).order_by("-id").first()


def _stale(event: AuditEvent, title: str) -> StaleMove:
    verb = done_label(event.action)
    when: datetime.datetime = timezone.localtime(event.created_at)
    return StaleMove(
        f"{event.who[:1].upper()}{event.who[1:]} {verb} “{title}” at {when:%H:%M}, after you "
        "opened this page: nothing was changed. Look at it again, then decide.",
        code="stale",
    )


@transaction.atomic
def make_move(
    *,
    name: str,
    actor: Any,
    translation: Translation,
    seen: int | None,
    data: Mapping[str, Any],
) -> None:
    """Make one workflow move from a page that showed the trail up to event ``seen`` (None:
    a page that does not say, such as the queue's claim buttons, checks the state only)."""
    if name not in PERFORM:
        raise WorkflowError(f"The desk has no move “{name}”.", code="unknown_move")
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if seen is not None:
        event = latest_event(locked)
        if event is not None and event.pk != seen:
            raise _stale(event, locked.title)
    PERFORM[name](actor, locked, data)
