"""Writes on translations. Their effects on other apps are announced after the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.actions import language_for_code, unique_slug
from foreigndesk.core.blocks import Block, clean_blocks
from foreigndesk.core.signals import send_after_commit
from foreigndesk.core.text import one_line, without_control_characters
from foreigndesk.intake.models import Original

from . import signals
from .alignment_editor import alignment_version, current_beads
from .archive import archive_table_for
from .beads import (
    StoredBead,
    check_beads,
    computed_beads,
    detach_bead,
    join_beads,
    split_bead,
)
from .models import Correction, Credit, Topic, Translation, block_index_problem
from .states import PUBLIC_STATES, State


def translation_changed(*, translation: Translation) -> None:
    """Announce, after commit, that a translation's text, topics or state changed.

    The reader site recomputes related articles for it and for every list it may now enter or
    leave; the search index brings its entries up to date.
    """
    send_after_commit(
        signals.translation_changed, sender=Translation, translation_id=translation.pk
    )


def translations_loaded(*, translation_ids: list[int]) -> None:
    """Announce, after commit, that many translations arrived at once (a load).

    Listeners do their work once for all of them: per article, related articles would vectorise
    the whole archive again.
    """
    if translation_ids:
        send_after_commit(
            signals.translations_loaded, sender=Translation, translation_ids=list(translation_ids)
        )


#: Alignments the desk may recompute when the text changes; an editor's correction is kept.
RECOMPUTABLE = (
    Translation.AlignmentOrigin.ASSUMED,
    Translation.AlignmentOrigin.COMPUTED,
    Translation.AlignmentOrigin.IMPORTED,
    Translation.AlignmentOrigin.SEGMENTS,
)


def align_translation(*, translation: Translation) -> bool:
    """Compute and set (not save) the translation's alignment with its original.

    Returns whether it changed anything; an alignment corrected by an editor is left alone.
    """
    original = translation.original
    if translation.alignment_origin not in RECOMPUTABLE or not original or not original.blocks:
        return False
    beads, aligned = computed_beads(
        [block["text"] for block in original.blocks],
        [block["text"] for block in translation.block_list],
        source_lang=original.language_id,
        target_lang=translation.language_id,
        archive=archive_table_for(original.language_id, translation.language_id),
    )
    translation.alignment = beads
    translation.alignment_origin = (
        Translation.AlignmentOrigin.COMPUTED if aligned else Translation.AlignmentOrigin.ASSUMED
    )
    return True


def topic_named(name: str) -> Topic:
    """The topic of this name, created when missing."""
    existing = Topic.objects.filter(name=name).first()
    return existing or Topic.objects.create(name=name, slug=unique_slug(Topic, name, limit=100))


def build_translation(
    *,
    original: Original | None,
    language_code: str,
    title: str,
    slug: str,
    blocks: list[Block],
    standfirst: str = "",
    editor_note: str = "",
    state: int = State.ACCEPTED,
    published_at: datetime.datetime | None = None,
    revision: int = 1,
    alignment: list[StoredBead] | None = None,
    alignment_origin: str | None = None,
    withdrawal_reason: str = "",
    withdrawn_at: datetime.datetime | None = None,
    kind: str = "translation",
) -> Translation:
    """An unsaved translation as :func:`create_translation` makes it, for a caller that writes
    many rows at once (the benchmark's generator); its language must exist already.

    Without an ``alignment`` the aligner pairs it with its original.
    """
    translation = Translation(
        original=original,
        language_id=language_code,
        title=one_line(title)[:500],
        slug=slug,
        standfirst=without_control_characters(standfirst),
        blocks=clean_blocks(blocks),
        editor_note=without_control_characters(editor_note),
        state=state,
        published_at=published_at,
        revision=revision,
        alignment=alignment or [],
        alignment_origin=alignment_origin or Translation.AlignmentOrigin.ASSUMED,
        withdrawal_reason=withdrawal_reason,
        withdrawn_at=withdrawn_at,
        kind=kind,
    )
    if alignment is None:
        align_translation(translation=translation)
    return translation


class NewCorrection(NamedTuple):
    """A correction that arrives with its translation (a load, the demo)."""

    text: str
    published_at: datetime.datetime
    #: The paragraph it corrects (from 0); None for the whole translation.
    block_index: int | None = None


@transaction.atomic
def create_translation(
    *,
    topics: Iterable[Topic] = (),
    translators: Iterable[Contributor] = (),
    editors: Iterable[Contributor] = (),
    corrections: Iterable[NewCorrection | tuple[str, datetime.datetime]] = (),
    announce: bool = True,
    **fields: Any,
) -> Translation:
    """The one write that creates a translation (fields as :func:`build_translation` takes
    them), with its topics, credits in order, and corrections (text, time and, optionally,
    the paragraph corrected).

    Announced to the apps above after commit unless ``announce`` is false: a caller creating
    many at once (a load, the demo) announces them together.
    """
    language_for_code(fields["language_code"])
    translation = build_translation(**fields)
    translation.save()
    translation.topics.set(list(topics))
    for role, people in (
        (Credit.Role.TRANSLATOR, translators),
        (Credit.Role.EDITOR, editors),
    ):
        for position, contributor in enumerate(dict.fromkeys(people)):
            Credit.objects.create(
                translation=translation, contributor=contributor, role=role, position=position
            )
    for item in corrections:
        correction = NewCorrection(*item)
        problem = block_index_problem(translation, correction.block_index)
        if problem:
            raise ValidationError(problem)
        Correction.objects.create(
            translation=translation,
            text=correction.text,
            published_at=correction.published_at,
            block_index=correction.block_index,
        )
    if announce:
        translation_changed(translation=translation)
    return translation


@transaction.atomic
def publish_translation(
    *, translation: Translation, at: datetime.datetime | None = None
) -> Translation:
    """Publish a translation now (or at a given time); refuses one already public.

    The publishing step itself, with no person and no audit: imports and loads use it as it is,
    the desk through the audited ``transitions.publish``, which checks the workflow first.
    """
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if locked.state in PUBLIC_STATES:
        raise ValidationError(f"“{locked.title}” is already published.")
    if not locked.blocks:
        raise ValidationError(f"“{locked.title}” has no text to publish.")
    # A link post translated in full keeps its address: the time it was first posted.
    first_posted = locked.published_at if locked.is_link else None
    locked.kind = Translation.Kind.TRANSLATION
    locked.state = State.PUBLISHED
    locked.published_at = first_posted or at or timezone.now()
    locked.scheduled_at = None
    locked.revision += 1
    align_translation(translation=locked)
    locked.save(
        update_fields=[
            "kind",
            "state",
            "published_at",
            "scheduled_at",
            "revision",
            "alignment",
            "alignment_origin",
            "updated_at",
        ]
    )
    translation_changed(translation=locked)
    return locked


@transaction.atomic
def add_correction(
    *,
    translation: Translation,
    text: str,
    at: datetime.datetime | None = None,
    created_by: Any = None,
    block_index: int | None = None,
) -> Correction:
    """Append a dated public correction to a published translation; ``block_index`` names the
    paragraph it corrects (from 0), which the article page marks."""
    text = text.strip()
    if not text:
        raise ValidationError("A correction needs a text for readers.")
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if locked.state not in PUBLIC_STATES:
        raise ValidationError("Only a published translation can be corrected.")
    problem = block_index_problem(locked, block_index)
    if problem:
        raise ValidationError(problem, code="no_such_paragraph")
    correction = Correction.objects.create(
        translation=locked,
        text=text,
        published_at=at or timezone.now(),
        created_by=created_by,
        block_index=block_index,
    )
    if locked.state != State.CORRECTED:
        locked.state = State.CORRECTED
        locked.revision += 1
        locked.save(update_fields=["state", "revision", "updated_at"])
    translation_changed(translation=locked)
    return correction


class StaleAlignment(ValidationError):
    """The translation changed since the editor opened the alignment: the edit is refused."""

    def __init__(self) -> None:
        super().__init__(
            "This alignment was changed by someone else since you opened it; here is the "
            "current one. Nothing was changed: make your correction again on the rows below."
        )


#: The corrections the alignment editor offers on one row.
ALIGNMENT_OPERATIONS = ("join", "split", "detach")


def _lock_for_alignment(translation: Translation, expected_version: str) -> Translation:
    """The translation, locked, with an original to align with and unchanged since the editor
    read it at ``expected_version``; refuses otherwise."""
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    original = locked.original
    if original is None:
        raise ValidationError(
            f"“{locked.title}” has no original in the desk: there is nothing to align it with."
        )
    if not original.blocks:
        raise ValidationError(
            f"The desk does not hold the text of the original of “{locked.title}”: "
            "there is nothing to align it with."
        )
    if alignment_version(locked) != expected_version:
        raise StaleAlignment()
    return locked


def _save_alignment(translation: Translation) -> None:
    translation.revision += 1
    translation.save(update_fields=["alignment", "alignment_origin", "revision", "updated_at"])
    translation_changed(translation=translation)


@transaction.atomic
def edit_alignment(
    *,
    translation: Translation,
    operation: str,
    bead_index: int,
    expected_version: str,
    cut: tuple[int, int] | None = None,
) -> Translation:
    """Correct one row of a translation's alignment by hand: join it with the next, split it
    (in order, or at ``cut``), or detach it into an omission and an addition.

    The result is marked as corrected by an editor, so that later edits of the text keep it.
    Refuses a stale version, an unknown operation or a row it does not apply to, changing
    nothing.
    """
    if operation not in ALIGNMENT_OPERATIONS:
        raise ValidationError(
            f"Unknown correction “{operation}”: a row can be joined, split or detached."
        )
    locked = _lock_for_alignment(translation, expected_version)
    beads = current_beads(locked)
    if operation == "join":
        edited = join_beads(beads, bead_index)
    elif operation == "split":
        edited = split_bead(beads, bead_index, cut)
    else:
        edited = detach_bead(beads, bead_index)
    original_blocks = locked.original.block_list if locked.original else []
    check_beads(edited, len(original_blocks), len(locked.block_list))
    locked.alignment = edited
    locked.alignment_origin = Translation.AlignmentOrigin.MANUAL
    _save_alignment(locked)
    return locked


@transaction.atomic
def recompute_alignment(*, translation: Translation, expected_version: str) -> Translation:
    """Align the translation again with the aligner, discarding any editor's corrections."""
    locked = _lock_for_alignment(translation, expected_version)
    locked.alignment_origin = Translation.AlignmentOrigin.COMPUTED
    align_translation(translation=locked)
    _save_alignment(locked)
    return locked
