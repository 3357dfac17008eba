"""The published archive: what readers may see, and the one place that says so.

Pages, listings, feeds, the sitemap, the API and the search read published translations through
these functions (or the ``published()`` filter of the Translation queryset under them). Only
public states with a publication time already past count, and every read issues a fixed number
of queries whatever the size of the archive.

Outlets, countries, topics and contributors appear only once a published translation credits or
files them, so no reader and no API client learns about work in progress (an outlet just added
for a draft, a volunteer whose first translation is still in review).
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.models import Country
from foreigndesk.core.prepared import Param, PreparedQuery, give_prefetched
from foreigndesk.intake.models import Author, OriginalAuthor, Outlet

from .models import Correction, Credit, Tagging, Topic, Translation, TranslationQuerySet
from .states import State


def _now() -> Param:
    return Param("now", DateTimeField())


def _of(name: str) -> Param:
    return Param(name, IntegerField())


#: The queries of :func:`published_article`, built once (``core.prepared``): the page's own row
#: with what ``with_credits_and_topics`` joins, then what it prefetches, each by the row's ids.
_ARTICLE = PreparedQuery[Translation](
    lambda: (
        Translation.objects.published(now=_now())
        .select_related("language", "original__language", "original__outlet__country")
        .defer("original__retrieved_copy")
        .filter(slug=Param("slug", CharField()))
    )
)
_ARTICLE_TOPICS = PreparedQuery[Topic](
    lambda: Topic.objects.filter(taggings__translation_id=_of("translation"))
)
_ARTICLE_CREDITS = PreparedQuery[Credit](
    lambda: Credit.objects.select_related("contributor").filter(translation_id=_of("translation"))
)
_ARTICLE_BYLINES = PreparedQuery[OriginalAuthor](
    lambda: OriginalAuthor.objects.select_related("author").filter(original_id=_of("original"))
)
_ARTICLE_CORRECTIONS = PreparedQuery[Correction](
    lambda: Correction.objects.filter(translation_id=_of("translation"))
)
_ARTICLE_REF = PreparedQuery[Translation](
    lambda: (
        Translation.objects.published(now=_now())
        .only("id", "slug", "published_at")
        .filter(slug=Param("slug", CharField()))
    )
)


def _one(rows: list[Translation], slug: str) -> Translation:
    if not rows:
        raise Translation.DoesNotExist(f"No published translation has the slug {slug!r}.")
    return rows[0]


def published_article(slug: str) -> Translation:
    """A published translation with both texts, credits, bylines, topics and corrections, in
    five queries (the article page and the API's translation): what ``article_for_preview``
    fetches, by queries compiled once.

    Raises ``Translation.DoesNotExist`` for an unknown slug and for one not published.
    """
    translation = _one(_ARTICLE.fetch(now=timezone.now(), slug=slug), slug)
    pk = translation.pk
    give_prefetched(translation, "topics", _ARTICLE_TOPICS.fetch(translation=pk))
    give_prefetched(translation, "credits", _ARTICLE_CREDITS.fetch(translation=pk))
    give_prefetched(translation, "corrections", _ARTICLE_CORRECTIONS.fetch(translation=pk))
    if translation.original is not None:
        original = translation.original
        give_prefetched(original, "bylines", _ARTICLE_BYLINES.fetch(original=original.pk))
    return translation


def article_for_preview(pk: int) -> Translation:
    """Any translation, whatever its state, with everything the article page shows, in the
    same queries as ``published_article``: for the desk's preview, never for readers.

    Raises ``Translation.DoesNotExist`` for an unknown id.
    """
    return (
        with_credits_and_topics(Translation.objects.all())
        .defer("original__retrieved_copy")
        .prefetch_related("corrections")
        .get(pk=pk)
    )


def withdrawn_article(slug: str) -> Translation | None:
    """What readers are told of a withdrawn translation at its address (title, when, why);
    None when no withdrawn translation has this slug."""
    return (
        Translation.objects.filter(state=State.WITHDRAWN, slug=slug)
        .only("id", "slug", "title", "state", "published_at", "withdrawn_at", "withdrawal_reason")
        .first()
    )


def link_post_in_translation(slug: str) -> Translation | None:
    """A link post the desk is translating in full: readers keep its link post at its address
    until the translation is published there. None when there is no such post."""
    return (
        with_credits_and_topics(
            Translation.objects.filter(
                kind=Translation.Kind.LINK,
                published_at__isnull=False,
                state__gte=State.ACCEPTED,
                state__lt=State.PUBLISHED,
            )
        )
        .defer("original__retrieved_copy")
        .prefetch_related("corrections")
        .filter(slug=slug)
        .first()
    )


def published_article_ref(slug: str) -> Translation:
    """Just enough of a published translation to check its address and find its cached parts."""
    return _one(_ARTICLE_REF.fetch(now=timezone.now(), slug=slug), slug)


def public_listing(*, now: Any = None) -> TranslationQuerySet:
    """Published translations, newest first: read straight off the (is_public, published_at)
    index, so counting and paging stay cheap whatever the size of the archive. ``now`` (the
    time of reading, a value or a prepared query's ``Param``) and the listings' other values
    may be ``Param`` too: the reader's pages of ids are prepared queries."""
    return Translation.objects.published(now=now).order_by("-published_at", "-id")


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


def listing_items(ids: list[int]) -> list[Translation]:
    """The listed translations with these ids, in the given order."""
    found = with_item_details(Translation.objects.filter(pk__in=ids)).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def in_country(country: Country | Any, *, now: Any = None) -> TranslationQuerySet:
    """Published translations of one country's press, newest first: a range of the (country,
    published_at) index of public translations, read off each translation's copy of its
    outlet's country, so a page costs the same whatever the size of the archive."""
    return public_listing(now=now).filter(country=country)


def from_outlet(outlet: Outlet | Any, *, now: Any = None) -> TranslationQuerySet:
    """Published translations of one outlet's articles, newest first: a range of the (outlet,
    published_at) index of public translations, read off each translation's copy of its
    original's outlet."""
    return public_listing(now=now).filter(outlet=outlet)


def on_topic(topic: Topic | Any, *, now: Any = None) -> TranslationQuerySet:
    """Published translations filed under ``topic``, newest first: read off the taggings'
    (topic, published_at) index, so a page of a topic costs the same in a large archive."""
    return Translation.objects.filter(
        taggings__topic=topic,
        taggings__is_public=True,
        taggings__published_at__lte=now or timezone.now(),
    ).order_by("-taggings__published_at", "-taggings__translation_id")


def by_author(author: Author) -> TranslationQuerySet:
    return public_listing().filter(
        Exists(OriginalAuthor.objects.filter(original=OuterRef("original"), author=author))
    )


def by_contributor(contributor: Contributor, role: str | None = None) -> TranslationQuerySet:
    credits = Credit.objects.filter(translation=OuterRef("pk"), contributor=contributor)
    if role:
        credits = credits.filter(role=role)
    return public_listing().filter(Exists(credits))


#: The years a month's listing can name (the one after the last must exist too).
YEARS = range(1, 9999)


def in_month(year: int, month: int) -> TranslationQuerySet:
    """Published in one month of the desk's time zone; ValueError for a month that is none."""
    if year not in YEARS or not 1 <= month <= 12:
        raise ValueError(f"{year:04d}-{month:02d} is not a month the archive can hold")
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(datetime.datetime(year + (month == 12), month % 12 + 1, 1))
    return public_listing().filter(published_at__gte=start, published_at__lt=end)


def public_contributor(slug: str) -> Contributor:
    """A translator or editor credited on at least one published translation (one query).

    A volunteer whose work is all unpublished has no public page: ``Contributor.DoesNotExist``.
    """
    credited = Credit.objects.filter(
        contributor=OuterRef("pk"), translation__in=Translation.objects.published().values("id")
    )
    return Contributor.objects.filter(Exists(credited)).get(slug=slug)


def public_author(pk: int) -> Author:
    """An original's author with at least one published translation of their work (one query);
    ``Author.DoesNotExist`` otherwise."""
    bylined = OriginalAuthor.objects.filter(
        author=OuterRef("pk"),
        original__translations__in=Translation.objects.published().values("id"),
    )
    return Author.objects.select_related("outlet").filter(Exists(bylined)).get(pk=pk)


def contributor_counts(contributor: Contributor) -> dict[str, int]:
    """How many published translations a contributor translated and edited (one query)."""
    published = Translation.objects.published().values("id")
    return Credit.objects.filter(contributor=contributor, translation__in=published).aggregate(
        translated=Count("id", filter=Q(role=Credit.Role.TRANSLATOR)),
        edited=Count("id", filter=Q(role=Credit.Role.EDITOR)),
    )


def _published_ids() -> QuerySet[Translation]:
    """Ids of published translations, for counts that must ignore drafts and withdrawn work."""
    return Translation.objects.published().values("id")


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the desk's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def with_credits_and_topics(rows: TranslationQuerySet) -> TranslationQuerySet:
    """Published translations with what every API item shows: one query plus three prefetches."""
    return rows.select_related(
        "language", "original__language", "original__outlet__country"
    ).prefetch_related(
        "topics",
        Prefetch("credits", queryset=Credit.objects.select_related("contributor")),
        Prefetch("original__bylines", queryset=OriginalAuthor.objects.select_related("author")),
    )


def _country_code(value: str) -> str:
    """A country code as stored (ISO codes are capital letters), for a filter given in any
    case; a value with other than ASCII letters is left as it is, and matches no country."""
    return value.upper() if value.isascii() else value


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

    The filters read the listings' indexes: a topic's taggings (with their copy of the
    publication time, which then bounds the dates and gives the order), an outlet's or a
    country's public translations (by the translation's copy of its original's outlet and
    country), so a page costs the same whatever the size of the archive.
    """
    # A topic's conditions go in one ``filter()``: conditions on a many-valued relation given
    # in separate calls would each join a tagging of their own.
    when, order = "published_at", ("-published_at", "-id")
    conditions: dict[str, Any] = {"is_public": True}
    if topic:
        when, order = (
            "taggings__published_at",
            ("-taggings__published_at", "-taggings__translation_id"),
        )
        conditions = {
            "taggings__topic": Subquery(
                Topic.objects.filter(slug=topic).order_by().values("pk")[:1]
            ),
            "taggings__is_public": True,
        }
    conditions[f"{when}__lte"] = timezone.now()
    if published_after and published_after > datetime.date.min:
        conditions[f"{when}__gte"] = _start_of(published_after)
    if published_before and published_before < datetime.date.max:
        conditions[f"{when}__lt"] = _start_of(published_before + datetime.timedelta(days=1))
    if country:
        conditions["country"] = _country_code(country)
    if outlet:
        conditions["outlet"] = Subquery(
            Outlet.objects.filter(slug=outlet).order_by().values("pk")[:1]
        )
    if language:
        conditions["original__language__code__iexact"] = language
    rows = Translation.objects.filter(**conditions)
    return with_credits_and_topics(
        rows.defer("blocks", "alignment", "original__blocks", "original__retrieved_copy")
    ).order_by(*order)


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


@dataclass(frozen=True)
class TitleLine:
    """A listed article as a box shows it: "COUNTRY: TITLE", with an asterisk for a note."""

    pk: int
    title: str
    url: str
    country: str | None
    noted: bool
    is_link: bool = False


@dataclass(frozen=True)
class TopicLatest:
    """A topic with its latest published articles, for the "Topics" box."""

    name: str
    slug: str
    articles: list[TitleLine]


#: How many of the latest topic taggings decide which topics are the most active.
ACTIVE_TAGGINGS = 200

_TAGGING_FIELDS = (
    "translation_id",
    "translation__slug",
    "translation__title",
    "translation__kind",
    "translation__editor_note",
    "translation__published_at",
    "translation__original__outlet__country__name",
    "topic_id",
    "topic__name",
    "topic__slug",
)


def _public_taggings(now: datetime.datetime | Param) -> QuerySet[Tagging]:
    """Taggings of published translations, newest publication first, by the taggings' own
    copy of the time and state (one of their partial indexes serves the order)."""
    return Tagging.objects.filter(is_public=True, published_at__lte=now).order_by(
        "-published_at", "-translation_id"
    )


def _taggings(now: datetime.datetime) -> QuerySet[Any]:
    """Topic taggings of published translations, newest publication first, as plain rows."""
    return _public_taggings(now).values(*_TAGGING_FIELDS)


def _line(row: dict[str, Any]) -> TitleLine:
    address = Translation(
        slug=row["translation__slug"], published_at=row["translation__published_at"]
    ).public_url
    return TitleLine(
        pk=row["translation_id"],
        title=row["translation__title"],
        url=address,
        country=row["translation__original__outlet__country__name"],
        noted=bool(row["translation__editor_note"]),
        is_link=row["translation__kind"] == Translation.Kind.LINK,
    )


def _grouped(
    topics: Iterable[tuple[int, str, str]],
    rows: Sequence[dict[str, Any]],
    *,
    per_topic: int,
    exclude: int | None,
    keep_empty: bool = False,
) -> list[TopicLatest]:
    """Each topic with its newest rows, an article listed under the first of its topics only
    (a topic left with none is dropped, unless ``keep_empty``)."""
    seen = {exclude}
    groups = []
    newest_first = sorted(
        rows,
        key=lambda row: (row["translation__published_at"], row["translation_id"]),
        reverse=True,
    )
    for pk, name, slug in topics:
        articles = []
        for row in newest_first:
            if row["topic_id"] == pk and row["translation_id"] not in seen:
                articles.append(_line(row))
                seen.add(row["translation_id"])
                if len(articles) == per_topic:
                    break
        if articles or keep_empty:
            groups.append(TopicLatest(name=name, slug=slug, articles=articles))
    return groups


@functools.lru_cache(maxsize=64)
def _latest_in_topics_query(topics: int, enough: int) -> PreparedQuery[dict[str, Any]]:
    """The query of :func:`latest_in_topics` for this many topics, built once."""

    def build() -> QuerySet[Any]:
        now = Param("now", DateTimeField())
        parts = [
            Tagging.objects.filter(
                pk__in=_public_taggings(now)
                .filter(topic_id=Param(f"topic{place}", IntegerField()))
                .values("pk")[:enough]
            ).values(*_TAGGING_FIELDS)
            for place in range(topics)
        ]
        return parts[0].union(*parts[1:], all=True)

    return PreparedQuery(build)


def latest_in_topics(
    topics: Sequence[Topic],
    *,
    per_topic: int = 3,
    exclude: int | None = None,
    now: datetime.datetime | None = None,
) -> list[TopicLatest]:
    """The latest published translations in each of these topics (an article page's topics),
    leaving out the article being read: one query, whatever the size of the archive or of the
    topics. Every topic is kept, even one with no other article, so that its name stays
    reachable."""
    if not topics:
        return []
    now = now or timezone.now()
    # Enough rows per topic that leaving out the page's own article and those already listed
    # under an earlier topic still fills each group.
    enough = per_topic * len(topics) + 1
    # Each topic's newest taggings by a subquery, a range of the (topic, published_at) index
    # however large the topic (a LIMIT inside IN, which SQLite and PostgreSQL both take), then
    # fetched by their ids; one SELECT per topic joined by UNION ALL rather than conditions
    # joined by OR, under which PostgreSQL reads every tagging of the topics to test it.
    rows = _latest_in_topics_query(len(topics), enough).fetch(
        now=now, **{f"topic{place}": topic.pk for place, topic in enumerate(topics)}
    )
    return _grouped(
        [(topic.pk, topic.name, topic.slug) for topic in topics],
        rows,
        per_topic=per_topic,
        exclude=exclude,
        keep_empty=True,
    )


def latest_in_active_topics(
    *, topics: int = 3, per_topic: int = 3, now: datetime.datetime | None = None
) -> list[TopicLatest]:
    """The latest published translations in the most active topics: those most used among
    the latest ``ACTIVE_TAGGINGS`` taggings (a tie goes to the topic with the newer article).
    One query off the taggings' publication-time index, whatever the size of the archive."""
    rows = list(_taggings(now or timezone.now())[:ACTIVE_TAGGINGS])
    names = {row["topic_id"]: (row["topic__name"], row["topic__slug"]) for row in rows}
    busiest = Counter(row["topic_id"] for row in rows).most_common(topics)
    return _grouped(
        [(pk, *names[pk]) for pk, _ in busiest], rows, per_topic=per_topic, exclude=None
    )
