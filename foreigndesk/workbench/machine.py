"""The machine draft: a configured engine's translation in the segments nobody has translated.

The texts go to the engine in one batch before any row is written, so that no lock is held while
a remote service thinks; the segments are then written in one transaction, and only those still
empty (a person who typed a segment in the meantime keeps their text). If the engine fails,
nothing is written and its error says why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from foreigndesk.newsroom.audit import record
from foreigndesk.newsroom.editing import may_edit
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed

from .engines import engine as configured_engine
from .models import Segment


def _refuse_unless_editable(actor: Any, translation: Translation) -> None:
    if not may_edit(actor, translation):
        raise NotAllowed(
            f"Only the translator working on “{translation.title}” or an editor can fill it "
            "with a machine draft."
        )


def prefill_segments(*, translation: Translation, alias: str, actor: Any) -> list[Segment]:
    """Fill every segment of ``translation`` whose target is empty with the translation of the
    engine configured under ``alias``, as a draft of machine origin; returns the segments filled.

    Raises NotAllowed when ``actor`` may not edit the translation, IllegalMove when the
    translation has no original to translate from, and the engine's EngineError when it fails
    (nothing is then changed). An unknown ``alias`` raises ImproperlyConfigured.
    """
    _refuse_unless_editable(actor, translation)
    original = translation.original
    if original is None:
        raise IllegalMove(f"“{translation.title}” has no original to translate from.")
    engine = configured_engine(alias)
    pending = list(
        Segment.objects.filter(translation=translation, target="")
        .exclude(source="")
        .order_by("position")
    )
    if not pending:
        return []
    texts = engine.translate(
        [segment.source for segment in pending], original.language_id, translation.language_id
    )
    drafts = dict(zip((segment.pk for segment in pending), texts, strict=True))

    with transaction.atomic():
        locked = Translation.objects.select_for_update().get(pk=translation.pk)
        # The rights are checked again on the row as it stands: the claim may have moved on
        # while the engine worked.
        _refuse_unless_editable(actor, locked)
        still_empty = list(
            Segment.objects.select_for_update()
            .filter(pk__in=drafts, target="")
            .order_by("position")
        )
        now = timezone.now()
        filled = []
        for segment in still_empty:
            draft = drafts[segment.pk].strip()
            if not draft:
                continue  # an engine that gives back nothing leaves the segment to a person
            segment.target = draft
            segment.origin = Segment.Origin.MACHINE
            segment.state = Segment.State.DRAFT
            segment.version += 1
            segment.updated_by = actor
            segment.updated_at = now
            filled.append(segment)
        Segment.objects.bulk_update(
            filled, ["target", "origin", "state", "version", "updated_by", "updated_at"]
        )
        if filled:
            record(
                action="machine_draft",
                actor=actor,
                translation=locked,
                comment=f"{len(filled)} segments drafted by {engine.label}.",
            )
    return filled
