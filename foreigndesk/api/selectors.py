"""Reads behind the API. Only published translations count, and every read has a fixed query count.

Outlets, countries, topics and contributors appear only once a published translation credits or
files them, so the API reveals nothing about work in progress (an outlet just added for a draft, a
volunteer whose first translation is still in review).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.models import Country
from foreigndesk.intake.models import OriginalAuthor, Outlet
from foreigndesk.newsroom.models import Credit, Topic, Translation, TranslationQuerySet


def _published_ids() -> QuerySet[Translation]:
    """Ids of published translations, for counts that must ignore drafts and withdrawn work."""
    return Translation.objects.published().values("id")


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the desk's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _with_credits_and_topics(rows: TranslationQuerySet) -> TranslationQuerySet:
    """Published translations with what every API item shows: one query plus three prefetches."""
    return rows.select_related(
        "language", "original__language", "original__outlet__country"
    ).prefetch_related(
        "topics",
        Prefetch("credits", queryset=Credit.objects.select_related("contributor")),
        Prefetch("original__bylines", queryset=OriginalAuthor.objects.select_related("author")),
    )


def published_translations(
    *,
    country: str | None = None,
    outlet: str | None = None,
    topic: str | None = None,
    language: str | None = None,
    published_after: datetime.date | None = None,
    published_before: datetime.date | None = None,
) -> TranslationQuerySet:
    """Published translations, newest first, narrowed by the given filters, without their texts.

    Dates are inclusive days in the desk's time zone. Codes compare without regard to case.
    """
    rows = Translation.objects.published()
    if country:
        rows = rows.filter(original__outlet__country__code__iexact=country)
    if outlet:
        rows = rows.filter(original__outlet__slug=outlet)
    if topic:
        rows = rows.filter(topics__slug=topic)
    if language:
        rows = rows.filter(original__language__code__iexact=language)
    if published_after:
        rows = rows.filter(published_at__gte=_start_of(published_after))
    if published_before:
        rows = rows.filter(
            published_at__lt=_start_of(published_before + datetime.timedelta(days=1))
        )
    return _with_credits_and_topics(
        rows.defer("blocks", "alignment", "original__blocks", "original__retrieved_copy")
    ).order_by("-published_at", "-id")


def published_translation(slug: str) -> Translation:
    """A published translation with both texts and its corrections, in five queries.

    Raises ``Translation.DoesNotExist`` for an unknown slug and for one not published.
    """
    return (
        _with_credits_and_topics(Translation.objects.published())
        .defer("original__retrieved_copy")
        .prefetch_related("corrections")
        .get(slug=slug)
    )


def outlets() -> QuerySet[Outlet]:
    """Outlets with at least one published translation, by name, with their languages and domains."""
    return (
        Outlet.objects.select_related("country")
        .prefetch_related("languages", "domains")
        .annotate(
            published_count=Count(
                "originals__translations",
                filter=Q(originals__translations__in=_published_ids()),
            )
        )
        .filter(published_count__gt=0)
        .order_by("name", "id")
    )


def countries() -> QuerySet[Country]:
    """Countries whose outlets have published translations, by name."""
    return (
        Country.objects.annotate(
            published_count=Count(
                "outlets__originals__translations",
                filter=Q(outlets__originals__translations__in=_published_ids()),
            )
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )


def topics() -> QuerySet[Topic]:
    """Topics of published translations, by name."""
    return (
        Topic.objects.annotate(
            published_count=Count("translations", filter=Q(translations__in=_published_ids()))
        )
        .filter(published_count__gt=0)
        .order_by("name", "id")
    )


def contributors() -> QuerySet[Contributor]:
    """Contributors credited on published translations, by name, with what they did."""
    published = Q(credits__translation__in=_published_ids())
    return (
        Contributor.objects.annotate(
            translated_count=Count(
                "credits", filter=published & Q(credits__role=Credit.Role.TRANSLATOR)
            ),
            edited_count=Count("credits", filter=published & Q(credits__role=Credit.Role.EDITOR)),
        )
        .filter(Q(translated_count__gt=0) | Q(edited_count__gt=0))
        .order_by("name", "id")
    )
