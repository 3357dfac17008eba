"""Reads of the reader site's own records: reads of the week, stored related articles.

What is published, and the listings of it, are read through :mod:`foreigndesk.newsroom.published`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from foreigndesk.newsroom.models import Translation

from .models import DailyViews

HOT_DAYS = 7


@dataclass(frozen=True)
class HotItem:
    translation: Translation
    views: int


def hot_this_week(*, now: datetime.datetime | None = None, limit: int = 5) -> list[HotItem]:
    """The most read published translations over the trailing seven days, today included.

    Two queries that start from the week's read counts, so the cost follows the number of
    articles read this week, not the size of the archive.
    """
    now = now or timezone.now()
    since = timezone.localdate(now) - datetime.timedelta(days=HOT_DAYS - 1)
    top = list(
        DailyViews.objects.filter(
            day__gte=since,
            translation__is_public=True,
            translation__published_at__lte=now,
        )
        .values("translation_id")
        .annotate(week_views=Sum("views"))
        .filter(week_views__gt=0)
        .order_by("-week_views", "-translation__published_at")[:limit]
    )
    if not top:
        return []
    found = Translation.objects.for_listing().in_bulk([row["translation_id"] for row in top])
    return [
        HotItem(translation=found[row["translation_id"]], views=row["week_views"])
        for row in top
        if row["translation_id"] in found
    ]


def related_articles(translation: Translation, *, limit: int = 5) -> list[Translation]:
    """The stored nearest published translations to this one, best first."""
    return list(
        Translation.objects.published()
        .for_listing()
        .filter(related_to__translation=translation)
        .order_by("related_to__rank")[:limit]
    )
