"""Writes of the reader site: stored related articles, read counts, page-cache invalidation."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from foreigndesk.core.cache import invalidate_pages, invalidate_tags_on_commit
from foreigndesk.newsroom.selectors import load_archive
from foreigndesk.newsroom.similarity import MINIMUM_SCORE, Archive

from .fragments import related_tag
from .models import DailyViews, RelatedArticle

RELATED_LIMIT = 6


def refresh_related(
    *, translation_ids: list[int] | None = None, archive: Archive | None = None
) -> int:
    """Recompute and store related articles; for all published translations when ids is None.

    Returns how many translations got a fresh list. Pages only read the stored rows.
    """
    archive = archive or load_archive()
    nearest = archive.nearest(keys=translation_ids, limit=RELATED_LIMIT)
    before: dict[int, list[int]] = defaultdict(list)
    if translation_ids is not None:
        for owner, related in (
            RelatedArticle.objects.filter(translation_id__in=translation_ids)
            .order_by("translation_id", "rank")
            .values_list("translation_id", "related_id")
        ):
            before[owner].append(related)
    with transaction.atomic():
        if translation_ids is None:
            RelatedArticle.objects.all().delete()
        else:
            RelatedArticle.objects.filter(translation_id__in=translation_ids).delete()
        RelatedArticle.objects.bulk_create(
            (
                RelatedArticle(translation_id=key, related_id=other, score=score, rank=rank)
                for key, found in nearest.items()
                for rank, (other, score) in enumerate(found)
            ),
            batch_size=1000,
        )
    if translation_ids is None:
        transaction.on_commit(invalidate_pages)
    else:
        # Only the pages of the articles whose list changed show it.
        changed = [
            pk
            for pk in translation_ids
            if before.get(pk, []) != [other for other, _score in nearest.get(pk, [])]
        ]
        invalidate_tags_on_commit(related_tag(pk) for pk in changed)
    return len(nearest)


def refresh_related_around(*, translation_id: int) -> int:
    """Refresh related articles after one translation changed: its own list, and the lists of
    the articles it now belongs in or must leave. Returns how many lists were recomputed.
    """
    archive = load_archive()
    scores = archive.scores_against_all(translation_id)
    lists: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for owner, related, score in RelatedArticle.objects.values_list(
        "translation_id", "related_id", "score"
    ):
        lists[owner].append((related, score))
    affected = {translation_id}
    for owner, current in lists.items():
        if owner == translation_id:
            continue
        if any(related == translation_id for related, _ in current):
            affected.add(owner)  # it lists the changed article: its place may have moved
        elif scores.get(owner, 0.0) >= MINIMUM_SCORE and (
            len(current) < RELATED_LIMIT or scores[owner] > min(score for _, score in current)
        ):
            affected.add(owner)  # the changed article now beats its weakest entry
    for owner in archive.keys:
        if owner not in lists and scores.get(owner, 0.0) >= MINIMUM_SCORE:
            affected.add(owner)  # an article that had no related articles yet
    return refresh_related(translation_ids=sorted(affected), archive=archive)


def record_views(*, translation_id: int, day: datetime.date, views: int = 1) -> None:
    """Add reads to a translation's count for a day (creating the day's row when needed)."""
    updated = DailyViews.objects.filter(translation_id=translation_id, day=day).update(
        views=F("views") + views
    )
    if not updated:
        row, created = DailyViews.objects.get_or_create(
            translation_id=translation_id, day=day, defaults={"views": views}
        )
        if not created:
            DailyViews.objects.filter(pk=row.pk).update(views=F("views") + views)
