"""Originals of published translations watched for edits by their outlets.

The worker fetches each original again every ``FOREIGNDESK_WATCH_DAYS`` days (see
:mod:`foreigndesk.intake.watch`), politely: at most one request per outlet (per site, for an
original without an outlet) in any minute, whatever the number of workers. When the outlet changed
the text, the desk shows the changed paragraphs word by word beside the translation's paragraphs
paired with them, and an editor marks the translation checked or opens a correction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from foreigndesk.intake.models import Original, OriginalWatch
from foreigndesk.intake.watch import check_original, mark_checked

from .audit import record
from .beads import one_to_one
from .models import Translation
from .revisions import BlockChange, Segment, compare_blocks
from .states import PUBLIC_STATES

#: How many originals one run of the task fetches at most (each from another outlet).
PER_RUN = 20
#: No two requests to one outlet within this many seconds.
OUTLET_PAUSE = datetime.timedelta(seconds=60)


def watch_interval() -> datetime.timedelta | None:
    days = float(getattr(settings, "FOREIGNDESK_WATCH_DAYS", 7))
    return datetime.timedelta(days=days) if days > 0 else None


def _site(original: Original) -> str:
    if original.outlet_id:
        return f"outlet:{original.outlet_id}"
    return "site:" + (urlsplit(original.url).hostname or "").removeprefix("www.")


def due_originals(*, now: datetime.datetime | None = None, limit: int = PER_RUN) -> list[Original]:
    """Originals to fetch now: published, with an address, not checked for the interval, none of
    an outlet fetched in the last minute, one per outlet."""
    interval = watch_interval()
    if interval is None:
        return []
    now = now or timezone.now()
    published = Translation.objects.filter(original=OuterRef("pk"), state__in=PUBLIC_STATES)
    candidates = (
        Original.objects.exclude(url="")
        .filter(Exists(published))
        .filter(Q(watch__isnull=True) | Q(watch__checked_at__lt=now - interval))
        .select_related("watch")
        .order_by("watch__checked_at", "pk")
    )
    recent = OriginalWatch.objects.filter(checked_at__gte=now - OUTLET_PAUSE).select_related(
        "original"
    )
    busy = {_site(watch.original) for watch in recent}
    chosen: list[Original] = []
    for original in candidates.iterator(chunk_size=200):
        site = _site(original)
        if site in busy:
            continue
        busy.add(site)
        chosen.append(original)
        if len(chosen) >= limit:
            break
    return chosen


def check_due_originals() -> list[int]:
    """Fetch the due originals; the ids of those found changed, gone or moved."""
    found = []
    for original in due_originals():
        watch = check_original(original.pk)
        if watch.needs_review:
            found.append(original.pk)
    return found


def needing_review() -> list[OriginalWatch]:
    """Originals whose outlet changed, removed or moved them, latest first."""
    return list(
        OriginalWatch.objects.filter(
            outcome__in=[
                OriginalWatch.Outcome.CHANGED,
                OriginalWatch.Outcome.GONE,
                OriginalWatch.Outcome.MOVED,
            ]
        )
        .select_related("original__outlet", "original__language")
        .order_by("-changed_at", "-checked_at")
    )


@dataclass
class ChangedRow:
    """One changed paragraph of the original, word by word, with the translation's paragraphs
    paired with it (none for a paragraph the outlet added)."""

    change: BlockChange
    translation_texts: list[str]

    @property
    def segments(self) -> list[Segment]:
        return self.change.segments


def changed_rows(watch: OriginalWatch, translation: Translation | None) -> list[ChangedRow]:
    """The paragraphs that differ between the text the desk has and the page now."""
    old = watch.original.block_list
    changes = [
        change
        for change in compare_blocks(old, list(watch.current_blocks or []))
        if change.status != "same"
    ]
    paired: dict[int, list[int]] = {}
    blocks = translation.block_list if translation else []
    beads = (translation.bead_list or one_to_one(len(old), len(blocks))) if translation else []
    for bead in beads:
        for index in bead["original"]:
            paired[index] = list(bead["translation"])
    rows = []
    for change in changes:
        texts = []
        if change.old_index is not None:
            texts = [blocks[i]["text"] for i in paired.get(change.old_index, []) if i < len(blocks)]
        rows.append(ChangedRow(change, texts))
    return rows


def mark_original_checked(*, watch: OriginalWatch, actor: Any) -> OriginalWatch:
    """The editor compared the change with the translations and found nothing to correct."""
    with transaction.atomic():
        return _mark_checked(watch=watch, actor=actor)


def _mark_checked(*, watch: OriginalWatch, actor: Any) -> OriginalWatch:
    checked = mark_checked(watch=watch, actor=actor)
    for translation in Translation.objects.filter(original=watch.original, state__in=PUBLIC_STATES):
        record(
            action="original_checked",
            actor=actor,
            translation=translation,
            original=watch.original,
            comment="The outlet's changes to the original were checked; nothing to correct.",
        )
    return checked
