"""Reads for the public site. Every function issues a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from foreigndesk.intake.models import OriginalAuthor
from foreigndesk.newsroom.models import Credit, Topic, Translation, TranslationQuerySet

from .models import RelatedArticle

HOT_DAYS = 7


def published_article(slug: str) -> Translation:
    """A published translation with everything its page shows, in five queries.

    Raises ``Translation.DoesNotExist`` for an unknown or unpublished slug.
    """
    return (
        Translation.objects.published()
        .select_related("language", "original__language", "original__outlet__country")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("contributor")),
            Prefetch("original__bylines", queryset=OriginalAuthor.objects.select_related("author")),
            "topics",
            "corrections",
        )
        .get(slug=slug)
    )


def latest_translations() -> TranslationQuerySet:
    """Published translations, newest first, with what a listing item shows."""
    return (
        Translation.objects.published()
        .select_related("original__outlet__country", "original__language")
        .defer("blocks", "alignment", "original__blocks", "original__retrieved_copy")
        .order_by("-published_at", "-id")
    )


@dataclass(frozen=True)
class HotItem:
    translation: Translation
    views: int


def hot_this_week(*, now: datetime.datetime | None = None, limit: int = 5) -> list[HotItem]:
    """The most read published translations over the trailing seven days, today included."""
    now = now or timezone.now()
    since = timezone.localdate(now) - datetime.timedelta(days=HOT_DAYS - 1)
    rows = (
        Translation.objects.published(now=now)
        .for_listing()
        .annotate(week_views=Sum("daily_views__views", filter=Q(daily_views__day__gte=since)))
        .filter(week_views__gt=0)
        .order_by("-week_views", "-published_at")[:limit]
    )
    return [HotItem(translation=row, views=row.week_views) for row in rows]


def topics_in_use() -> list[Topic]:
    """Topics with at least one published translation, with their counts."""
    return list(
        Topic.objects.annotate(
            published_count=Count(
                "translations",
                filter=Q(translations__in=Translation.objects.published().values("id")),
            )
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )


def related_articles(translation: Translation, *, limit: int = 5) -> list[Translation]:
    """The stored nearest published translations to this one, best first."""
    ids = Translation.objects.published().values("id")
    return [
        link.related
        for link in RelatedArticle.objects.filter(translation=translation, related__in=ids)
        .select_related("related__original__outlet__country")
        .only(
            "related__id",
            "related__title",
            "related__slug",
            "related__published_at",
            "related__editor_note",
            "related__original__id",
            "related__original__outlet__id",
            "related__original__outlet__country__code",
            "related__original__outlet__country__name",
        )
        .order_by("rank")[:limit]
    ]
