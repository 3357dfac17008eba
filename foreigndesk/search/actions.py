"""Writes of the search index: one article after a change, stale originals, the whole archive.

The index follows the newsroom: ``foreigndesk.newsroom.actions.translation_changed`` queues
:func:`update_article` after its transaction commits (publishing, an edit, a correction, a
withdrawal); ``foreigndesk reindex`` rebuilds everything. An original has one entry per published
translation, or, while it has none, one entry of its own that only the desk searches.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from foreigndesk.core.blocks import Block
from foreigndesk.core.db import analyze
from foreigndesk.intake.models import Original
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import PUBLIC_STATES

from .backends import get_backend
from .backends.base import Document
from .models import SearchEntry

logger = logging.getLogger(__name__)

BATCH = 500


def _blocks_text(blocks: list[Block] | None) -> str:
    return "\n".join(block.get("text", "") for block in blocks or [] if isinstance(block, dict))


def _as_time(
    day: datetime.date | None, fallback: datetime.datetime | None
) -> datetime.datetime | None:
    if day is None:
        return fallback
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@dataclass
class _Planned:
    """An entry as it should be, and its text."""

    entry: SearchEntry
    translation: Translation | None
    original: Original | None

    def document(self) -> Document:
        translation, original = self.translation, self.original
        body = ""
        if translation is not None:
            body = "\n".join(
                part
                for part in (
                    translation.standfirst,
                    _blocks_text(translation.blocks),
                    translation.editor_note,
                )
                if part
            )
        return Document(
            entry_id=self.entry.pk,
            title=translation.title if translation else "",
            body=body,
            language=translation.language_id if translation else settings.DESK_LANGUAGE,
            original_title=original.title if original else "",
            original_body=_blocks_text(original.blocks) if original else "",
            original_language=original.language_id if original else "",
        )


def _plan(translation: Translation | None, original: Original | None) -> _Planned:
    outlet = original.outlet if original else None
    if translation is not None:
        when = translation.published_at
        state = translation.state
        topic_ids = [topic.pk for topic in translation.topics.all()]
    else:
        assert original is not None
        when = _as_time(original.published_on, original.created_at)
        state = original.state
        topic_ids = []
    entry = SearchEntry(
        translation=translation,
        original=original,
        public=translation is not None,
        state=state,
        published_at=when,
        year=timezone.localtime(when).year if when else None,
        country_id=outlet.country_id if outlet else None,
        outlet_id=outlet.pk if outlet else None,
        language_id=original.language_id if original else None,
        source_updated_at=original.updated_at if original else None,
        topics=sorted(topic_ids),
    )
    return _Planned(entry, translation, original)


def _translations() -> Iterable[Translation]:
    return Translation.objects.select_related("original__outlet").prefetch_related("topics")


def _write(planned: list[_Planned], stale: Iterable[SearchEntry]) -> None:
    """Replace ``stale`` entries by ``planned`` ones, rows and text, in one transaction."""
    backend = get_backend()
    with transaction.atomic():
        stale_ids = [entry.pk for entry in stale]
        if stale_ids:
            backend.delete(stale_ids)
            SearchEntry.objects.filter(pk__in=stale_ids).delete()
        if not planned:
            return
        entries = SearchEntry.objects.bulk_create([item.entry for item in planned])
        if any(entry.pk is None for entry in entries):  # backends without RETURNING
            raise RuntimeError("bulk_create did not return the new entries' ids")
        backend.index(item.document() for item in planned)


def _plan_original(original: Original) -> list[_Planned]:
    published = [t for t in original.translations.all() if t.state in PUBLIC_STATES]
    if not published:
        return [_plan(None, original)]
    return [_plan(translation, original) for translation in published]


def update_original(*, original_id: int) -> int:
    """Bring an original's entries up to date; the number of entries it now has."""
    original = (
        Original.objects.select_related("outlet")
        .prefetch_related(Prefetch("translations", queryset=_translations()))
        .filter(pk=original_id)
        .first()
    )
    stale = list(SearchEntry.objects.filter(original_id=original_id))
    if original is None:
        _write([], stale)
        return 0
    planned = _plan_original(original)
    keys = {item.translation.pk for item in planned if item.translation}
    stale += list(
        SearchEntry.objects.filter(translation_id__in=keys).exclude(original_id=original_id)
    )
    _write(planned, stale)
    return len(planned)


def update_article(*, translation_id: int) -> int:
    """Bring the entries of a translation (and of its original) up to date after a change.

    Called after commit by ``translation_changed``; a failure is logged, never raised into the
    request that published: ``foreigndesk reindex`` repairs whatever was missed.
    """
    try:
        translation = _translations().filter(pk=translation_id).first()
        if translation is not None and translation.original_id:
            return update_original(original_id=translation.original_id)
        stale = list(SearchEntry.objects.filter(translation_id=translation_id))
        public = translation is not None and translation.state in PUBLIC_STATES
        _write([_plan(translation, None)] if public else [], stale)
        return int(public)
    except Exception:
        logger.exception("Could not update the search index for translation %s", translation_id)
        return 0


def update_stale_originals(*, limit: int | None = 200) -> int:
    """Index originals added or edited since they were last indexed (``foreigndesk reindex
    --stale``): a catch-up after tasks were lost, without rebuilding everything."""
    indexed = SearchEntry.objects.filter(
        original_id=OuterRef("pk"), source_updated_at=OuterRef("updated_at")
    )
    ids = list(
        Original.objects.filter(~Exists(indexed))
        .order_by("-updated_at")
        .values_list("pk", flat=True)[:limit]
    )
    for original_id in ids:
        update_original(original_id=original_id)
    return len(ids)


def _chunks(items: Iterable[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rebuild_index(*, progress: Callable[[int, int], None] | None = None, batch: int = BATCH) -> int:
    """Rebuild the whole index from the newsroom; the number of entries written."""
    backend = get_backend()
    with transaction.atomic():
        backend.clear()
        SearchEntry.objects.all().delete()
    original_ids = list(Original.objects.order_by("pk").values_list("pk", flat=True))
    standalone_ids = list(
        Translation.objects.filter(original__isnull=True, state__in=PUBLIC_STATES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = len(original_ids) + len(standalone_ids)
    written = done = 0
    for chunk in _chunks(original_ids, batch):
        # In order: the newest entries are then the newest articles, which a broad search
        # ranks (see backends.base.RANK_CANDIDATES).
        originals = (
            Original.objects.filter(pk__in=chunk)
            .order_by("pk")
            .select_related("outlet")
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=_translations().filter(state__in=PUBLIC_STATES),
                )
            )
        )
        planned = [item for original in originals for item in _plan_original(original)]
        _write(planned, [])
        written += len(planned)
        done += len(chunk)
        if progress:
            progress(done, total)
    for chunk in _chunks(standalone_ids, batch):
        planned = [_plan(translation, None) for translation in _translations().filter(pk__in=chunk)]
        _write(planned, [])
        written += len(planned)
        done += len(chunk)
        if progress:
            progress(done, total)
    backend.optimize()
    # The entries' statistics; on PostgreSQL, outside a transaction, the entries are vacuumed
    # too: each was deleted and written twice (its row, then its vectors), and searches would
    # step over the dead versions until autovacuum came by. Nothing else was written.
    analyze([SearchEntry])
    return written
