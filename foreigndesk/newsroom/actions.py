"""Writes on translations. Side effects (related articles) run after the transaction commits."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .beads import computed_beads
from .models import Correction, Translation
from .states import PUBLIC_STATES, State


def translation_changed(*, translation: Translation) -> None:
    """Tell the reader site, after commit, that a translation's text, topics or state changed.

    Related articles are recomputed for the changed article and for every list it may now enter
    or leave.
    """
    from foreigndesk.reader.tasks import refresh_related_around
    from foreigndesk.search.tasks import index_article

    transaction.on_commit(lambda: refresh_related_around.enqueue(translation.pk))
    transaction.on_commit(lambda: index_article.enqueue(translation.pk))


#: Alignments the desk may recompute when the text changes; an editor's correction is kept.
RECOMPUTABLE = (
    Translation.AlignmentOrigin.ASSUMED,
    Translation.AlignmentOrigin.COMPUTED,
    Translation.AlignmentOrigin.IMPORTED,
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
    )
    translation.alignment = beads
    translation.alignment_origin = (
        Translation.AlignmentOrigin.COMPUTED if aligned else Translation.AlignmentOrigin.ASSUMED
    )
    return True


@transaction.atomic
def publish_translation(
    *, translation: Translation, at: datetime.datetime | None = None
) -> Translation:
    """Publish a translation now (or at a given time); refuses one already public."""
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if locked.state in PUBLIC_STATES:
        raise ValidationError(f"“{locked.title}” is already published.")
    if not locked.blocks:
        raise ValidationError(f"“{locked.title}” has no text to publish.")
    locked.state = State.PUBLISHED
    locked.published_at = at or timezone.now()
    locked.revision += 1
    align_translation(translation=locked)
    locked.save(
        update_fields=[
            "state",
            "published_at",
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
    *, translation: Translation, text: str, at: datetime.datetime | None = None
) -> Correction:
    """Append a dated public correction to a published translation."""
    text = text.strip()
    if not text:
        raise ValidationError("A correction needs a text for readers.")
    locked = Translation.objects.select_for_update().get(pk=translation.pk)
    if locked.state not in PUBLIC_STATES:
        raise ValidationError("Only a published translation can be corrected.")
    correction = Correction.objects.create(
        translation=locked, text=text, published_at=at or timezone.now()
    )
    if locked.state != State.CORRECTED:
        locked.state = State.CORRECTED
        locked.revision += 1
        locked.save(update_fields=["state", "revision", "updated_at"])
    translation_changed(translation=locked)
    return correction
