"""The desk's workflow as one table: every move, the states it leaves from, the state it leads
to, and the permission it needs.

Why a table of our own rather than django-fsm-2 (with django-fsm-log): the moves are few, each
needs a row lock, rule checks that name what is missing, an audit row in the same transaction
and announcements after commit, which the actions in ``newsroom.transitions`` do explicitly;
a decorator library would add a second place where transitions are declared, a protected field
that fights the export/load and the admin, and its own log model beside our ``AuditEvent``.
Plain data also lets the tests iterate over the table (every edge, every role), so a new row is
tested as soon as it is written.

This module holds the data and the checks shared by every action; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from foreigndesk.intake.models import Original

from .states import State


class Subject(Enum):
    """What a move acts on."""

    ORIGINAL = "original"
    TRANSLATION = "translation"


class Who(Enum):
    """Who, among those holding the permission, may make a move."""

    ANYONE = "anyone"  # anyone with the permission
    CLAIMANT = "claimant"  # only the translator who holds the claim
    CLAIMANT_OR_ASSIGNER = "claimant or assigner"  # the claimant, or one who may assign
    NOT_ITS_TRANSLATOR = "not its translator"  # neither the claimant nor a credited translator
    SCHEDULE = "schedule"  # the desk's schedule only, never a person


@dataclass(frozen=True)
class Move:
    """One row of the workflow table."""

    name: str
    subject: Subject
    sources: frozenset[int]
    target: int
    #: "app_label.codename"; None for a move only the schedule makes.
    permission: str | None
    who: Who
    #: Said to a person who lacks the permission: "Only an editor can approve a translation."
    refusal: str
    #: The verb in "“TITLE” is in review; it cannot be approved."
    verb: str


def _move(
    name: str,
    sources: Iterable[int],
    target: int,
    permission: str | None,
    who: Who,
    refusal: str,
    verb: str,
    subject: Subject = Subject.TRANSLATION,
) -> Move:
    return Move(name, subject, frozenset(sources), target, permission, who, refusal, verb)


_WORKING = (State.CLAIMED, State.IN_TRANSLATION)
_PUBLIC = (State.PUBLISHED, State.CORRECTED)

#: The workflow. Originals arrive suggested from imports; accepting one creates its translation.
MOVES: tuple[Move, ...] = (
    _move(
        "accept",
        [Original.State.SUGGESTED],
        Original.State.ACCEPTED,
        "newsroom.triage_original",
        Who.ANYONE,
        "Only an editor can accept a suggested article.",
        "accepted",
        Subject.ORIGINAL,
    ),
    _move(
        "decline",
        [Original.State.SUGGESTED],
        Original.State.DECLINED,
        "newsroom.triage_original",
        Who.ANYONE,
        "Only an editor can decline a suggested article.",
        "declined",
        Subject.ORIGINAL,
    ),
    _move(
        "post_link",
        [Original.State.SUGGESTED],
        Original.State.ACCEPTED,
        "newsroom.publish_translation",
        Who.ANYONE,
        "Only an editor can post a link to an article.",
        "posted as a link",
        Subject.ORIGINAL,
    ),
    _move(
        "assign",
        [State.ACCEPTED, State.CLAIMED],
        State.CLAIMED,
        "newsroom.assign_translation",
        Who.ANYONE,
        "Only an editor can assign a translation.",
        "assigned",
    ),
    _move(
        "claim",
        [State.ACCEPTED],
        State.CLAIMED,
        "newsroom.claim_translation",
        Who.ANYONE,
        "Only a translator can claim a translation.",
        "claimed",
    ),
    _move(
        "release",
        _WORKING,
        State.ACCEPTED,
        "newsroom.claim_translation",
        Who.CLAIMANT_OR_ASSIGNER,
        "Only its translator or an editor can release a claim.",
        "released",
    ),
    _move(
        "start",
        [State.CLAIMED],
        State.IN_TRANSLATION,
        "newsroom.claim_translation",
        Who.CLAIMANT,
        "Only the translator who claimed it can start translating it.",
        "started",
    ),
    _move(
        "submit",
        [State.CLAIMED, State.IN_TRANSLATION, State.CHANGES_REQUESTED],
        State.IN_REVIEW,
        "newsroom.claim_translation",
        Who.CLAIMANT,
        "Only the translator who claimed it can submit it for review.",
        "submitted",
    ),
    _move(
        "request_changes",
        [State.IN_REVIEW],
        State.CHANGES_REQUESTED,
        "newsroom.review_translation",
        Who.ANYONE,
        "Only an editor can request changes.",
        "sent back",
    ),
    _move(
        "approve",
        [State.IN_REVIEW],
        State.APPROVED,
        "newsroom.review_translation",
        Who.NOT_ITS_TRANSLATOR,
        "Only an editor can approve a translation.",
        "approved",
    ),
    _move(
        "schedule",
        [State.APPROVED],
        State.APPROVED,
        "newsroom.publish_translation",
        Who.ANYONE,
        "Only an editor can schedule a translation.",
        "scheduled",
    ),
    _move(
        "publish",
        [State.APPROVED],
        State.PUBLISHED,
        "newsroom.publish_translation",
        Who.ANYONE,
        "Only an editor can publish a translation.",
        "published",
    ),
    _move(
        "correct",
        _PUBLIC,
        State.CORRECTED,
        "newsroom.correct_translation",
        Who.ANYONE,
        "Only an editor can correct a translation.",
        "corrected",
    ),
    _move(
        "withdraw",
        _PUBLIC,
        State.WITHDRAWN,
        "newsroom.withdraw_translation",
        Who.ANYONE,
        "Only an editor can withdraw a translation.",
        "withdrawn",
    ),
    _move(
        "restore",
        [State.WITHDRAWN],
        State.PUBLISHED,
        "newsroom.withdraw_translation",
        Who.ANYONE,
        "Only an editor can restore a withdrawn translation.",
        "restored",
    ),
    _move(
        "translate_link",
        _PUBLIC,
        State.ACCEPTED,
        "newsroom.publish_translation",
        Who.ANYONE,
        "Only an editor can have a link post translated in full.",
        "opened for a full translation",
    ),
    _move(
        "expire",
        _WORKING,
        State.ACCEPTED,
        None,
        Who.SCHEDULE,
        "A claim expires by itself; nobody can expire it.",
        "expired",
    ),
    _move(
        "publish_due",
        [State.APPROVED],
        State.PUBLISHED,
        None,
        Who.SCHEDULE,
        "Only the schedule publishes at the scheduled time; publish it now instead.",
        "published by the schedule",
    ),
)

MOVES_BY_NAME: dict[str, Move] = {move.name: move for move in MOVES}


class WorkflowError(ValidationError):
    """A move, edit or comment the desk refuses; nothing was changed.

    ``kind`` says why, for the pages that answer it: ``invalid`` (what was given is wrong or
    missing), ``conflict`` (the object is not, or no longer, as the request expected: its state,
    or a newer save) or ``forbidden`` (not this person's to do).
    """

    kind = "invalid"

    def __str__(self) -> str:
        return " ".join(self.messages)


class IllegalMove(WorkflowError):
    """The move does not apply to the object as it stands (its state, or what it lacks)."""

    kind = "conflict"


class NotAllowed(WorkflowError, PermissionDenied):
    """The person may not do this (a missing permission, or someone else's work)."""

    kind = "forbidden"


class NotReadyToPublish(IllegalMove):
    """A translation lacks what publishing needs; ``missing`` names each item."""

    def __init__(self, title: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"“{title}” cannot be published yet: " + "; ".join(missing) + ".")


def move(name: str) -> Move:
    """The table's row for a move."""
    return MOVES_BY_NAME[name]


def state_label(subject: Subject, state: int) -> str:
    """A state as the desk says it: "in review", "suggested"."""
    if subject is Subject.ORIGINAL:
        return str(Original.State(state).label).lower()
    return str(State(state).label).lower()


def check_state(row: Move, *, state: int, title: str) -> None:
    """Refuse the move unless the table allows it from ``state``."""
    if state not in row.sources:
        raise IllegalMove(
            f"“{title}” is {state_label(row.subject, state)}; it cannot be {row.verb}.",
            code="illegal_move",
        )


def check_actor(
    row: Move,
    *,
    actor: Any,
    claimant_id: int | None = None,
    translator_user_ids: Iterable[int] = (),
) -> None:
    """Refuse the move unless the actor holds its permission and is someone the row allows."""
    if row.who is Who.SCHEDULE or row.permission is None:
        raise NotAllowed(row.refusal, code="not_allowed")
    if actor is None or not actor.is_authenticated or not actor.has_perm(row.permission):
        raise NotAllowed(row.refusal, code="not_allowed")
    if row.who is Who.CLAIMANT and actor.pk != claimant_id:
        raise NotAllowed(row.refusal, code="not_claimant")
    if (
        row.who is Who.CLAIMANT_OR_ASSIGNER
        and actor.pk != claimant_id
        and not actor.has_perm("newsroom.assign_translation")
    ):
        raise NotAllowed(row.refusal, code="not_claimant")
    if row.who is Who.NOT_ITS_TRANSLATOR and (
        actor.pk == claimant_id or actor.pk in set(translator_user_ids)
    ):
        raise NotAllowed(f"You cannot {row.name} your own translation.", code="own_translation")


def can(
    row: Move,
    *,
    actor: Any,
    state: int,
    claimant_id: int | None = None,
    translator_user_ids: Iterable[int] = (),
) -> bool:
    """Whether the actor may make the move now: for showing or hiding a button."""
    try:
        check_actor(
            row, actor=actor, claimant_id=claimant_id, translator_user_ids=translator_user_ids
        )
        check_state(row, state=state, title="")
    except WorkflowError:
        return False
    return True
