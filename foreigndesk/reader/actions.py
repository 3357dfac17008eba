"""Writes of the reader site: stored related articles and read counts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F

from foreigndesk.core.blocks import blocks_plain_text
from foreigndesk.newsroom.models import Translation

from . import similarity
from .models import DailyViews, RelatedArticle

RELATED_LIMIT = 6


def _profiles() -> list[similarity.Profile]:
    rows = (
        Translation.objects.published()
        .select_related("original__outlet")
        .prefetch_related("topics")
        .only(
            "id",
            "title",
            "standfirst",
            "blocks",
            "original__title",
            "original__blocks",
            "original__outlet__id",
            "original__outlet__country_id",
        )
    )
    profiles = []
    for row in rows:
        original = row.original
        text = "\n".join(
            [row.title, row.standfirst, blocks_plain_text(row.block_list)]
            + ([original.title, blocks_plain_text(original.block_list)] if original else [])
        )
        outlet = original.outlet if original else None
        profiles.append(
            similarity.Profile(
                key=row.id,
                text=text,
                topics=frozenset(topic.id for topic in row.topics.all()),
                country=outlet.country_id or "" if outlet else "",
                outlet=outlet.id if outlet else None,
            )
        )
    similarity.build_vectors(profiles)
    return profiles


def refresh_related(*, translation_ids: list[int] | None = None) -> int:
    """Recompute and store the related articles of the given translations (all when None).

    Returns how many translations were refreshed. Called after publishing or editing; the page
    only reads the stored rows.
    """
    profiles = _profiles()
    wanted = set(translation_ids) if translation_ids is not None else None
    targets = [p for p in profiles if wanted is None or p.key in wanted]
    with transaction.atomic():
        RelatedArticle.objects.filter(translation_id__in=[p.key for p in targets]).delete()
        if wanted is not None:
            # Drop rows pointing at translations no longer public (withdrawn, unpublished).
            public = {p.key for p in profiles}
            RelatedArticle.objects.filter(translation_id__in=wanted - public).delete()
        links = []
        for target in targets:
            for rank, (key, value) in enumerate(
                similarity.nearest(target, profiles, limit=RELATED_LIMIT)
            ):
                links.append(
                    RelatedArticle(
                        translation_id=target.key, related_id=key, score=value, rank=rank
                    )
                )
        RelatedArticle.objects.bulk_create(links)
    return len(targets)


def record_views(*, translation: Translation, day: datetime.date, views: int = 1) -> None:
    """Add reads to a translation's count for a day (creating the day's row when needed)."""
    row, created = DailyViews.objects.get_or_create(
        translation=translation, day=day, defaults={"views": views}
    )
    if not created:
        DailyViews.objects.filter(pk=row.pk).update(views=F("views") + views)
