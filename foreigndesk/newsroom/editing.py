"""Work on a translation's text and talk about it: saves that lose nobody's edits, revisions,
comments. Each action is one transaction with an audit event; announcements follow the commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.blocks import validate_blocks

from .actions import align_translation, translation_changed
from .audit import person_name, record
from .beads import StoredBead, check_beads
from .models import Comment, Credit, Revision, Topic, Translation
from .states import State
from .transitions import start_locked
from .workflow import IllegalMove, NotAllowed, WorkflowError

#: States in which the translator holding the claim works on the text.
CLAIMANT_STATES = (State.CLAIMED, State.IN_TRANSLATION, State.CHANGES_REQUESTED)

#: The fields a save may change, in the order a revision records them.
TEXT_FIELDS = ("title", "standfirst", "editor_note", "blocks")


class StaleEdit(WorkflowError):
    """Someone saved the translation after this person opened it: their save is refused.

    Carries who saved in between and the current revision, and the text that was not saved
    (``kept``), so that a page can show both for merging.
    """

    kind = "conflict"

    def __init__(
        self,
        *,
        expected_revision: int,
        current_revision: int,
        saved_by: str,
        saved_at: Any,
        kept: dict[str, Any],
    ) -> None:
        self.expected_revision = expected_revision
        self.current_revision = current_revision
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.kept = kept
        when = f" at {timezone.localtime(saved_at):%H:%M}" if saved_at else ""
        who = saved_by or "Someone"
        super().__init__(
            f"{who} saved this translation{when} (revision {current_revision}) after you "
            f"opened it (revision {expected_revision}); your text was not saved: it is kept "
            "below for you to merge.",
            code="stale",
        )


def _stale(locked: Translation, expected_revision: int, kept: dict[str, Any]) -> StaleEdit:
    latest = Revision.objects.filter(translation=locked, number=locked.revision).first()
    return StaleEdit(
        expected_revision=expected_revision,
        current_revision=locked.revision,
        saved_by=latest.author_name if latest else "",
        saved_at=latest.created_at if latest else None,
        kept=kept,
    )


def may_edit(actor: Any, translation: Translation) -> bool:
    """Whether the actor may change the translation's text now (the editor's note aside)."""
    if actor is None or not actor.is_authenticated or translation.state == State.WITHDRAWN:
        return False
    if actor.has_perm("newsroom.change_translation"):
        return True
    return (
        translation.state in CLAIMANT_STATES
        and actor.pk == translation.claimed_by_id
        and actor.has_perm("newsroom.claim_translation")
    )


def _check_may_edit(actor: Any, locked: Translation, changes: dict[str, Any]) -> None:
    if locked.state == State.WITHDRAWN:
        raise IllegalMove(f"“{locked.title}” is withdrawn; its text cannot be edited.")
    if not may_edit(actor, locked):
        raise NotAllowed(
            f"Only the translator working on “{locked.title}” or an editor can edit it."
        )
    if (
        "editor_note" in changes
        and changes["editor_note"] != locked.editor_note
        and not actor.has_perm("newsroom.write_editor_note")
    ):
        raise NotAllowed("Only an editor can write the editor's note.")


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(changes)
    if "title" in cleaned:
        cleaned["title"] = cleaned["title"].strip()
        if not cleaned["title"]:
            raise WorkflowError("A translation needs a title.")
        if len(cleaned["title"]) > 500:
            raise WorkflowError("A title is at most 500 characters long.")
    for name in ("standfirst", "editor_note"):
        if name in cleaned:
            cleaned[name] = cleaned[name].strip()
    if "blocks" in cleaned:
        try:
            validate_blocks(cleaned["blocks"])
        except ValidationError as error:
            raise WorkflowError(error.messages) from error
    return cleaned


def _kept_pairs(locked: Translation, alignment: list[StoredBead]) -> list[StoredBead]:
    """Hand-corrected pairs carried over to the new text by the page that edited it."""
    n_original = len(locked.original.block_list) if locked.original else 0
    try:
        check_beads(alignment, n_original, len(locked.block_list))
    except ValidationError as error:
        raise WorkflowError(error.messages) from error
    return alignment


def _save_text(
    *,
    actor: Any,
    locked: Translation,
    changes: dict[str, Any],
    action: str,
    comment: str,
    alignment: list[StoredBead] | None = None,
    pairs_known: bool = False,
) -> Translation:
    """Store a checked, fresh edit: state move on a first save, alignment, revision, audit."""
    changed = {name: value for name, value in changes.items() if getattr(locked, name) != value}
    if not changed:
        return locked
    if locked.state == State.CLAIMED and actor.pk == locked.claimed_by_id:
        start_locked(actor=actor, locked=locked)
    for name, value in changed.items():
        setattr(locked, name, value)
    fields = [*changed, "revision", "last_activity_at", "updated_at"]
    if "blocks" in changed:
        manual = locked.alignment_origin == Translation.AlignmentOrigin.MANUAL
        if pairs_known and alignment is not None and not manual:
            # The text was assembled from segments: its pairs are known, not guessed.
            locked.alignment = _kept_pairs(locked, alignment)
            locked.alignment_origin = Translation.AlignmentOrigin.SEGMENTS
            fields += ["alignment", "alignment_origin"]
        elif align_translation(translation=locked):
            fields += ["alignment", "alignment_origin"]
        elif (
            alignment is not None and locked.alignment_origin == Translation.AlignmentOrigin.MANUAL
        ):
            locked.alignment = _kept_pairs(locked, alignment)
            fields += ["alignment"]
    _new_revision(actor=actor, locked=locked, fields=fields)
    record(
        action=action,
        actor=actor,
        translation=locked,
        original=locked.original,
        from_state=locked.state,
        to_state=locked.state,
        comment=comment or f"Revision {locked.revision}: {', '.join(changed)} changed.",
    )
    if locked.in_public_state:
        translation_changed(translation=locked)
    return locked


def _new_revision(*, actor: Any, locked: Translation, fields: list[str]) -> None:
    """Raise the revision, save ``fields`` and keep the text as this save leaves it."""
    locked.revision += 1
    locked.last_activity_at = timezone.now()
    locked.save(update_fields=[*dict.fromkeys([*fields, "revision", "last_activity_at"])])
    Revision.objects.create(
        translation=locked,
        number=locked.revision,
        title=locked.title,
        standfirst=locked.standfirst,
        editor_note=locked.editor_note,
        blocks=locked.blocks,
        author=actor,
        author_name=person_name(actor),
    )


@transaction.atomic
def save_translation_text(
    *,
    actor: Any,
    translation: Translation,
    expected_revision: int,
    title: str | None = None,
    blocks: list[dict[str, str]] | None = None,
    standfirst: str | None = None,
    editor_note: str | None = None,
    alignment: list[StoredBead] | None = None,
    pairs_known: bool = False,
) -> Translation:
    """Save what a translator or an editor typed, opened at ``expected_revision``.

    Fields left None are not changed. A save made from an older revision than the current one
    is refused with ``StaleEdit``; nothing of it is stored. When the blocks change, the aligner
    pairs them afresh, unless an editor corrected the pairs by hand: then ``alignment``, the
    corrected pairs carried over to the new blocks by the page that edited them along those
    pairs, is stored (checked against both texts), or else the pairs are left as they were.
    """
    given = {"title": title, "standfirst": standfirst, "editor_note": editor_note, "blocks": blocks}
    changes = {name: value for name, value in given.items() if value is not None}
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    _check_may_edit(actor, locked, changes)
    if locked.revision != expected_revision:
        raise _stale(locked, expected_revision, changes)
    return _save_text(
        actor=actor,
        locked=locked,
        changes=_clean(changes),
        action="edit",
        comment="",
        alignment=alignment,
        pairs_known=pairs_known,
    )


@transaction.atomic
def restore_revision(
    *, actor: Any, translation: Translation, number: int, expected_revision: int
) -> Translation:
    """Bring back the text of an earlier revision, stored as a new revision (editors only)."""
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if not actor.has_perm("newsroom.change_translation"):
        raise NotAllowed("Only an editor can restore an earlier revision.")
    revision = Revision.objects.filter(translation=locked, number=number).first()
    if revision is None:
        raise WorkflowError(f"“{locked.title}” has no revision {number}.")
    changes = {name: getattr(revision, name) for name in TEXT_FIELDS}
    _check_may_edit(actor, locked, changes)
    if locked.revision != expected_revision:
        raise _stale(locked, expected_revision, changes)
    return _save_text(
        actor=actor,
        locked=locked,
        changes=_clean(changes),
        action="restore_revision",
        comment=f"Revision {number} restored as revision {locked.revision + 1}.",
    )


def may_write_editor_note(actor: Any, translation: Translation) -> bool:
    """Whether the actor may write the editor's note now (editors)."""
    return may_edit(actor, translation) and actor.has_perm("newsroom.write_editor_note")


def may_credit(actor: Any, translation: Translation) -> bool:
    """Whether the actor may choose who is credited as translator and editor (editors)."""
    return (
        actor is not None
        and actor.is_authenticated
        and translation.state != State.WITHDRAWN
        and actor.has_perm("newsroom.change_credit")
    )


def _lock_fresh(
    *, locked: Translation, expected_revision: int, kept: dict[str, Any]
) -> Translation:
    if locked.state == State.WITHDRAWN:
        raise IllegalMove(f"“{locked.title}” is withdrawn; it cannot be edited.")
    if locked.revision != expected_revision:
        raise _stale(locked, expected_revision, kept)
    return locked


def _names(items: Iterable[Any]) -> str:
    return ", ".join(str(item) for item in items) or "none"


@transaction.atomic
def set_topics(
    *, actor: Any, translation: Translation, expected_revision: int, topics: Iterable[Topic]
) -> Translation:
    """Give a translation exactly these topics (editors, and the translator holding the claim).

    A new revision, so that a page opened before it is refused as stale; unchanged topics
    store nothing.
    """
    chosen = list(dict.fromkeys(topics))
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if locked.state != State.WITHDRAWN and not may_edit(actor, locked):
        raise NotAllowed(
            f"Only the translator working on “{locked.title}” or an editor can choose its topics."
        )
    _lock_fresh(locked=locked, expected_revision=expected_revision, kept={"topics": chosen})
    before = list(locked.topics.order_by("name"))
    if {topic.pk for topic in before} == {topic.pk for topic in chosen}:
        return locked
    locked.topics.set(chosen)
    _new_revision(actor=actor, locked=locked, fields=["updated_at"])
    after = sorted(chosen, key=lambda topic: topic.name)
    record(
        action="set_topics",
        actor=actor,
        translation=locked,
        original=locked.original,
        from_state=locked.state,
        to_state=locked.state,
        comment=f"Revision {locked.revision}: topics {_names(after)} (were {_names(before)}).",
    )
    if locked.in_public_state:
        translation_changed(translation=locked)
    return locked


@transaction.atomic
def set_credits(
    *,
    actor: Any,
    translation: Translation,
    expected_revision: int,
    translators: Sequence[Contributor],
    editors: Sequence[Contributor],
) -> Translation:
    """Credit exactly these translators and editors, in this order (editors only).

    A published translation keeps at least one translator: readers are owed the name.
    """
    wanted = {
        Credit.Role.TRANSLATOR: list(dict.fromkeys(translators)),
        Credit.Role.EDITOR: list(dict.fromkeys(editors)),
    }
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if locked.state != State.WITHDRAWN and not may_credit(actor, locked):
        raise NotAllowed("Only an editor can choose who is credited.")
    _lock_fresh(
        locked=locked,
        expected_revision=expected_revision,
        kept={role: [person.name for person in people] for role, people in wanted.items()},
    )
    if locked.in_public_state and not wanted[Credit.Role.TRANSLATOR]:
        raise WorkflowError(
            f"“{locked.title}” is published: it must credit at least one translator."
        )
    current = list(locked.credits.select_related("contributor").order_by("role", "position"))
    before = {
        role: [credit.contributor for credit in current if credit.role == role] for role in wanted
    }
    if before == wanted:
        return locked
    locked.credits.all().delete()
    Credit.objects.bulk_create(
        Credit(translation=locked, contributor=person, role=role, position=position)
        for role, people in wanted.items()
        for position, person in enumerate(people)
    )
    _new_revision(actor=actor, locked=locked, fields=["updated_at"])
    record(
        action="set_credits",
        actor=actor,
        translation=locked,
        original=locked.original,
        from_state=locked.state,
        to_state=locked.state,
        comment=(
            f"Revision {locked.revision}: translated by {_names(wanted[Credit.Role.TRANSLATOR])}, "
            f"edited by {_names(wanted[Credit.Role.EDITOR])}."
        ),
    )
    if locked.in_public_state:
        translation_changed(translation=locked)
    return locked


@transaction.atomic
def add_comment(
    *, actor: Any, translation: Translation, text: str, block_index: int | None = None
) -> Comment:
    """Leave a remark on a translation, or on one of its paragraphs (``block_index``, from 0)."""
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if (
        actor is None
        or not actor.is_authenticated
        or not actor.has_perm("newsroom.comment_translation")
    ):
        raise NotAllowed("Only the desk's translators and editors can comment.")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("A comment needs a text.")
    if block_index is not None and not 0 <= block_index < len(locked.block_list):
        raise WorkflowError(
            f"“{locked.title}” has no paragraph {block_index + 1}: it has {len(locked.block_list)}."
        )
    comment = Comment.objects.create(
        translation=locked,
        block_index=block_index,
        author=actor,
        author_name=person_name(actor),
        text=text,
    )
    locked.last_activity_at = comment.created_at
    locked.save(update_fields=["last_activity_at"])
    record(
        action="comment",
        actor=actor,
        translation=locked,
        original=locked.original,
        from_state=locked.state,
        to_state=locked.state,
        comment=text,
    )
    return comment


@transaction.atomic
def resolve_comment(*, actor: Any, comment: Comment) -> Comment:
    """Mark a comment as dealt with (its author, or an editor)."""
    locked = Comment.objects.select_for_update().select_related("translation").get(pk=comment.pk)
    if (
        actor is None
        or not actor.is_authenticated
        or not (actor.pk == locked.author_id or actor.has_perm("newsroom.review_translation"))
    ):
        raise NotAllowed("Only the comment's author or an editor can resolve it.")
    if locked.resolved_at is not None:
        raise IllegalMove("This comment is already resolved.")
    locked.resolved_at = timezone.now()
    locked.resolved_by = actor
    locked.save(update_fields=["resolved_at", "resolved_by"])
    record(
        action="resolve_comment",
        actor=actor,
        translation=locked.translation,
        original=locked.translation.original,
        from_state=locked.translation.state,
        to_state=locked.translation.state,
        comment=locked.text,
    )
    return locked
