"""Writes of the reader site: stored related articles, read counts, page-cache invalidation."""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max

from foreigndesk.core.blocks import blocks_plain_text
from foreigndesk.core.cache import invalidate_pages, page_generation
from foreigndesk.newsroom.models import Translation

from .models import DailyViews, RelatedArticle
from .similarity import MINIMUM_SCORE, Archive, Profile

RELATED_LIMIT = 6


def _profile(row: dict, topics: frozenset[int]) -> Profile:
    return Profile(
        key=row["id"],
        text="\n".join(
            [row["title"], row["title"], row["standfirst"], blocks_plain_text(row["blocks"] or [])]
        ),
        original_title=row["original__title"] or "",
        topics=topics,
        country=row["original__outlet__country_id"] or "",
        outlet=row["original__outlet_id"],
    )


def load_archive(*, extra: Translation | None = None) -> Archive:
    """The published archive as vectors (optionally with one more, unpublished, article)."""
    published = Translation.objects.published()
    rows = list(
        published.values(
            "id",
            "title",
            "standfirst",
            "blocks",
            "original__title",
            "original__outlet_id",
            "original__outlet__country_id",
        ).order_by("id")
    )
    topics: dict[int, set[int]] = defaultdict(set)
    for translation_id, topic_id in Translation.topics.through.objects.filter(
        translation__in=published
    ).values_list("translation_id", "topic_id"):
        topics[translation_id].add(topic_id)
    return Archive([_profile(row, frozenset(topics[row["id"]])) for row in rows])


# The published archive as vectors, kept by each process until it may have changed (the page
# generation moved, or the published articles' number or latest edit did): vectorising it takes
# seconds on a large archive, and editors open one translation after another.
_archive: tuple[tuple[Any, ...], Archive] | None = None
_archive_lock = threading.Lock()


def published_archive() -> Archive:
    """The vectors of the published archive, rebuilt only when it may have changed."""
    global _archive
    state = Translation.objects.published().aggregate(count=Count("id"), latest=Max("updated_at"))
    key = (page_generation(), state["count"], state["latest"])
    with _archive_lock:
        if _archive is None or _archive[0] != key:
            _archive = (key, load_archive())
        return _archive[1]


def profile_of(translation: Translation) -> Profile:
    """A similarity profile for one translation, published or not."""
    original = translation.original
    outlet = original.outlet if original else None
    return Profile(
        key=translation.pk,
        text="\n".join(
            [
                translation.title,
                translation.title,
                translation.standfirst,
                blocks_plain_text(translation.block_list),
            ]
        ),
        original_title=original.title if original else "",
        topics=frozenset(translation.topics.values_list("id", flat=True)),
        country=(outlet.country_id or "") if outlet else "",
        outlet=outlet.pk if outlet else None,
    )


def refresh_related(
    *, translation_ids: list[int] | None = None, archive: Archive | None = None
) -> int:
    """Recompute and store related articles; for all published translations when ids is None.

    Returns how many translations got a fresh list. Pages only read the stored rows.
    """
    archive = archive or load_archive()
    nearest = archive.nearest(keys=translation_ids, limit=RELATED_LIMIT)
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
    transaction.on_commit(invalidate_pages)
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
