"""Reads of the reader site's own records: reads of the week, stored related articles.

What is published, and the listings of it, are read through :mod:`foreigndesk.newsroom.published`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    Exists,
    Field,
    IntegerField,
    QuerySet,
    Sum,
)
from django.utils import timezone

from foreigndesk.core.models import Country, Language
from foreigndesk.core.prepared import Param, PreparedQuery, give_prefetched
from foreigndesk.intake.models import Outlet, OutletDomain
from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Topic, Translation

from .models import DailyViews, HotWindow

HOT_DAYS = 7


@dataclass(frozen=True)
class HotItem:
    translation: Translation
    views: int


def week_start(now: datetime.datetime) -> datetime.date:
    """The first day of the trailing seven days that end today (local time)."""
    return timezone.localdate(now) - datetime.timedelta(days=HOT_DAYS - 1)


def hot_this_week(*, now: datetime.datetime | None = None, limit: int = 5) -> list[HotItem]:
    """The most read published translations over the trailing seven days, today included; of
    equally read ones, the newest first (two queries: :func:`hot_ranking`, :func:`hot_items`)."""
    return hot_items(hot_ranking(now=now, limit=limit))


def hot_ranking(*, now: datetime.datetime | None = None, limit: int = 5) -> list[tuple[int, int]]:
    """The ids of :func:`hot_this_week` with their week's reads, most read first (one query):
    what the box will show, known before the articles are read (see ``fragments``).

    Read off the week's rolled-up counts (``WeekViews``, kept by ``actions.roll_week_views`` and
    by every count written since), stopping at the leaders, whatever the size of the archive.
    Whether an article is published is asked at the time of reading, so a withdrawn article
    leaves the box at once. Until the week has been rolled, the daily counts are summed instead.
    """
    now = now or timezone.now()
    since = week_start(now)
    leaders = _leaders(limit).fetch(now=now, since=since)
    if leaders:
        return leaders
    # The week has not been rolled yet (its daily counts are summed, slowly on a large
    # archive), or nothing published was read in it (then there is little to sum).
    return [
        (row["translation_id"], row["week_views"])
        for row in DailyViews.objects.filter(
            day__gte=since,
            translation__is_public=True,
            translation__published_at__lte=now,
        )
        .values("translation_id")
        .annotate(week_views=Sum("views"))
        .filter(week_views__gt=0)
        .order_by("-week_views", "-translation__published_at", "-translation_id")[:limit]
    ]


def hot_items(ranking: list[tuple[int, int]]) -> list[HotItem]:
    """The articles of a :func:`hot_ranking`, in its order, as a listing shows them."""
    if not ranking:
        return []
    found = {
        item.pk: item
        for item in _listed(len(ranking)).fetch(
            **{f"id{place}": pk for place, (pk, _views) in enumerate(ranking)}
        )
    }
    return [HotItem(translation=found[pk], views=views) for pk, views in ranking if pk in found]


def related_articles(translation: Translation, *, limit: int = 5) -> list[Translation]:
    """The stored nearest published translations to this one, best first."""
    return _related(limit).fetch(now=timezone.now(), translation=translation.pk)


def outlet_profile(slug: str) -> Outlet | None:
    """An outlet with its country, languages and domains (three queries), for its page; None
    when no outlet has this slug."""
    found = _OUTLET.fetch(slug=slug)
    if not found:
        return None
    outlet = found[0]
    give_prefetched(outlet, "languages", _OUTLET_LANGUAGES.fetch(outlet=outlet.pk))
    give_prefetched(outlet, "domains", _OUTLET_DOMAINS.fetch(outlet=outlet.pk))
    return outlet


def country_by_slug(slug: str) -> Country | None:
    """The country of a listing's address; None when there is none."""
    return next(iter(_COUNTRY.fetch(slug=slug)), None)


def topic_by_slug(slug: str) -> Topic | None:
    """The topic of a listing's address; None when there is none."""
    return next(iter(_TOPIC.fetch(slug=slug)), None)


#: The listings whose pages of ids are prepared queries: how each is built from its values (a
#: value or a ``Param`` each, the time of reading among them), and the fields of its values.
_LISTINGS: dict[str, tuple[Callable[..., QuerySet[Any]], dict[str, Field]]] = {
    "front": (published.public_listing, {}),
    "country": (lambda key, now: published.in_country(key, now=now), {"key": CharField()}),
    "outlet": (lambda key, now: published.from_outlet(key, now=now), {"key": IntegerField()}),
    "topic": (lambda key, now: published.on_topic(key, now=now), {"key": IntegerField()}),
}

#: Pages of a listing past this one are read through the ORM: few readers go that far, and
#: each prepared page is kept for the life of the process.
PREPARED_PAGES = 10


class ListingIds:
    """The ids of a listing's published articles, newest first, as Django's paginator reads
    them: the count through the ORM (kept with the fragments by the reader's paginator), a
    page of ids through a query prepared once per listing and page, since building and
    compiling the queryset cost more than running it."""

    def __init__(self, listing: str, page_size: int, **values: Any) -> None:
        self.listing = listing
        self.page_size = page_size
        self.values = {**values, "now": timezone.now()}

    def _queryset(self) -> QuerySet[Any]:
        build, _fields = _LISTINGS[self.listing]
        return build(**self.values).values_list("id", flat=True)

    def count(self) -> int:
        return int(self._queryset().count())

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, window.stop
        if stop is None or start % self.page_size or stop - start > self.page_size:
            return list(self._queryset()[window])
        page = start // self.page_size
        if page >= PREPARED_PAGES:
            return list(self._queryset()[window])
        found = _listing_page(self.listing, page, self.page_size).fetch(**self.values)
        return list(found[: stop - start])


# One per listing and page (the page size is the reader's own, one value).
@functools.cache
def _listing_page(listing: str, page: int, size: int) -> PreparedQuery[int]:
    build, fields = _LISTINGS[listing]

    def query() -> QuerySet[Any]:
        values = {name: Param(name, field) for name, field in fields.items()}
        ids = build(**values, now=Param("now", DateTimeField())).values_list("id", flat=True)
        return ids[page * size : (page + 1) * size]

    return PreparedQuery(query)


# The queries above, built once each (``core.prepared``): the reader's pages ask them over and
# over with other values, and building them cost several times what running them does.


@functools.lru_cache(maxsize=8)
def _leaders(limit: int) -> PreparedQuery[tuple[int, int]]:
    return PreparedQuery(
        lambda: (
            Translation.objects.published(now=Param("now", DateTimeField()))
            # The rows count this week only when the week has been rolled: checked in the same query.
            .filter(
                Exists(HotWindow.objects.filter(since=Param("since", DateField()))),
                week_views__views__gt=0,
            )
            .order_by("-week_views__views", "-published_at", "-id")
            .values_list("id", "week_views__views")[:limit]
        )
    )


@functools.lru_cache(maxsize=16)
def _listed(count: int) -> PreparedQuery[Translation]:
    return PreparedQuery(
        lambda: Translation.objects.for_listing().filter(
            pk__in=[Param(f"id{place}", IntegerField()) for place in range(count)]
        )
    )


@functools.lru_cache(maxsize=8)
def _related(limit: int) -> PreparedQuery[Translation]:
    return PreparedQuery(
        lambda: (
            Translation.objects.published(now=Param("now", DateTimeField()))
            .for_listing()
            .filter(related_to__translation_id=Param("translation", IntegerField()))
            .order_by("related_to__rank")[:limit]
        )
    )


_OUTLET = PreparedQuery[Outlet](
    lambda: Outlet.objects.select_related("country").filter(slug=Param("slug", CharField()))
)
_OUTLET_LANGUAGES = PreparedQuery[Language](
    lambda: Language.objects.filter(outlets=Param("outlet", IntegerField()))
)
_OUTLET_DOMAINS = PreparedQuery[OutletDomain](
    lambda: OutletDomain.objects.filter(outlet_id=Param("outlet", IntegerField()))
)
_COUNTRY = PreparedQuery[Country](lambda: Country.objects.filter(slug=Param("slug", CharField())))
_TOPIC = PreparedQuery[Topic](lambda: Topic.objects.filter(slug=Param("slug", CharField())))
