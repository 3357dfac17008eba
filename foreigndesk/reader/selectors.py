"""Reads for the public site. Every function issues a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.fields.json import KT
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.models import Country
from foreigndesk.intake.models import Author, OriginalAuthor, Outlet
from foreigndesk.newsroom.models import Credit, Topic, Translation, TranslationQuerySet

from .models import DailyViews

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


def published_article_ref(slug: str) -> Translation:
    """Just enough of a published translation to check its address and find its cached parts."""
    return Translation.objects.published().only("id", "slug", "published_at").get(slug=slug)


def public_listing() -> TranslationQuerySet:
    """Published translations, newest first: read straight off the (is_public, published_at)
    index, so counting and paging stay cheap whatever the size of the archive."""
    return Translation.objects.published().order_by("-published_at", "-id")


def with_item_details(queryset: TranslationQuerySet) -> TranslationQuerySet:
    """What a listed item shows (two queries): country, outlet, language, translators, first lines."""
    return (
        queryset.select_related("original__outlet__country", "original__language")
        .defer(
            "blocks",
            "alignment",
            "original__blocks",
            "original__retrieved_copy",
            "original__outlet__profile",
        )
        .annotate(first_text=KT("blocks__0__text"))
        .prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.filter(role=Credit.Role.TRANSLATOR).select_related(
                    "contributor"
                ),
                to_attr="translator_credits",
            )
        )
    )


def latest_translations() -> TranslationQuerySet:
    """Published translations, newest first, with what a listing item shows."""
    return with_item_details(public_listing())


def listing_items(ids: list[int]) -> list[Translation]:
    """The listed translations with these ids, in the given order."""
    found = with_item_details(Translation.objects.filter(pk__in=ids)).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def in_country(country: Country) -> TranslationQuerySet:
    return public_listing().filter(original__outlet__country=country)


def from_outlet(outlet: Outlet) -> TranslationQuerySet:
    return public_listing().filter(original__outlet=outlet)


def on_topic(topic: Topic) -> TranslationQuerySet:
    return public_listing().filter(topics=topic)


def by_author(author: Author) -> TranslationQuerySet:
    return public_listing().filter(
        Exists(OriginalAuthor.objects.filter(original=OuterRef("original"), author=author))
    )


def by_contributor(contributor: Contributor, role: str | None = None) -> TranslationQuerySet:
    credits = Credit.objects.filter(translation=OuterRef("pk"), contributor=contributor)
    if role:
        credits = credits.filter(role=role)
    return public_listing().filter(Exists(credits))


def in_month(year: int, month: int) -> TranslationQuerySet:
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(datetime.datetime(year + (month == 12), month % 12 + 1, 1))
    return public_listing().filter(published_at__gte=start, published_at__lt=end)


def contributor_counts(contributor: Contributor) -> dict[str, int]:
    """How many published translations a contributor translated and edited (one query)."""
    published = Translation.objects.published().values("id")
    return Credit.objects.filter(contributor=contributor, translation__in=published).aggregate(
        translated=Count("id", filter=Q(role=Credit.Role.TRANSLATOR)),
        edited=Count("id", filter=Q(role=Credit.Role.EDITOR)),
    )


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


def countries_in_use() -> list[Country]:
    """Countries whose outlets have published translations, with their counts."""
    return list(
        Country.objects.annotate(
            published_count=Count(
                "outlets__originals__translations",
                filter=Q(
                    outlets__originals__translations__in=Translation.objects.published().values(
                        "id"
                    )
                ),
            )
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )


def related_articles(translation: Translation, *, limit: int = 5) -> list[Translation]:
    """The stored nearest published translations to this one, best first."""
    return list(
        Translation.objects.published()
        .for_listing()
        .filter(related_to__translation=translation)
        .order_by("related_to__rank")[:limit]
    )
