"""Reads of the search: a page of results with snippets and facets, and resembling articles.

The reader page, the desk page and the API call :func:`search_articles`; it takes a fixed number
of queries: the desk's languages, the search itself (hits, total and facets in one statement),
the page's articles, then one query per facet for its labels.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import IntegerField
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString

from foreigndesk.core.cache import generation_memo
from foreigndesk.core.models import Country, Language
from foreigndesk.core.prepared import Param, PreparedQuery
from foreigndesk.intake.models import Original, Outlet
from foreigndesk.newsroom.models import Topic, Translation
from foreigndesk.newsroom.states import PUBLIC_STATES

from .analysis import base_language, has_stemmer, stem_words, words
from .backends import get_backend
from .backends.base import DATE, FACETS, RELEVANCE, SORTS, Filters, Hit, SearchRequest
from .languages import QueryLanguages, query_languages
from .query import ParsedQuery, any_of, parse
from .snippets import ORIGINAL, Snippet, marked, matches, snippet

PAGE_SIZE = 20
MAX_PAGE = 500
FACET_LIMIT = 12
FACET_NAMES = {
    "country": "Country",
    "outlet": "Outlet",
    "topic": "Topic",
    "language": "Original language",
    "year": "Year",
}
#: What a result shows (and nothing heavier: no alignment, no retrieved copy).
ORIGINAL_FIELDS = [
    "id",
    "title",
    "blocks",
    "state",
    "language",
    "outlet__id",
    "outlet__name",
    "outlet__slug",
    "outlet__country__code",
    "outlet__country__name",
]
TRANSLATION_FIELDS = [
    "id",
    "title",
    "slug",
    "kind",
    "standfirst",
    "blocks",
    "editor_note",
    "state",
    "published_at",
    "language",
    *(f"original__{name}" for name in ORIGINAL_FIELDS),
]
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class SearchParams:
    """What was asked: the query, the sort, the page and the facet values (as in URLs)."""

    q: str = ""
    sort: str = RELEVANCE
    page: int = 1
    country: str | None = None
    outlet: str | None = None
    topic: str | None = None
    language: str | None = None
    year: int | None = None

    def filters(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in FACETS}
        return {name: str(value) for name, value in values.items() if value is not None}


def read_params(data: Mapping[str, Any]) -> tuple[SearchParams, list[str]]:
    """Search parameters from a query string, leniently: what is malformed is left out, and said.

    The reader page uses this; the API refuses malformed values instead (its own schema).
    """
    notices: list[str] = []

    def text(name: str) -> str | None:
        value = str(data.get(name) or "").replace("\x00", "").strip()
        return value[:200] or None

    sort = text("sort") or RELEVANCE
    if sort not in SORTS:
        notices.append(f"Results can be sorted by {' or '.join(SORTS)}; sorted by relevance.")
        sort = RELEVANCE
    page = 1
    if text("page"):
        try:
            page = int(text("page") or 1)
        except ValueError:
            page = 0
        if not 1 <= page <= MAX_PAGE:
            notices.append("That page number is not one we have; here is the first page.")
            page = 1
    country = text("country")
    if country and not _COUNTRY.fullmatch(country):
        notices.append(f"“{country}” is not a country code (two letters, as DE); filter left out.")
        country = None
    year_text = text("year")
    year = None
    if year_text:
        if _YEAR.fullmatch(year_text):
            year = int(year_text)
        else:
            notices.append(f"“{year_text}” is not a year (four digits, as 2026); filter left out.")
    params = SearchParams(
        q=str(data.get("q") or ""),
        sort=sort,
        page=page,
        country=country.upper() if country else None,
        outlet=text("outlet"),
        topic=text("topic"),
        language=text("language"),
        year=year,
    )
    return params, notices


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count among the results, and the link that toggles it."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Result:
    """One result as pages and the API show it."""

    entry_id: int
    translation: Translation | None
    original: Original | None
    title: str
    title_highlights: tuple[tuple[int, int], ...]
    url: str
    snippet: Snippet
    snippet_language: Language | None
    published_at: datetime.datetime | None
    score: float

    @property
    def title_html(self) -> SafeString:
        return marked(self.title, self.title_highlights)

    @property
    def country(self) -> Country | None:
        outlet = self.original.outlet if self.original else None
        return outlet.country if outlet else None

    @property
    def outlet(self) -> Outlet | None:
        return self.original.outlet if self.original else None

    @property
    def language(self) -> Language | None:
        return self.original.language if self.original else None

    @property
    def from_original(self) -> bool:
        return self.snippet.source == ORIGINAL

    @property
    def published_iso(self) -> str:
        """The publication time for a ``datetime`` attribute, in the site's time zone: what
        ``|date:"c"`` gives (``isoformat()``), without the filter's cost (some 40 µs a call)."""
        if self.published_at is None:
            return ""
        return timezone.localtime(self.published_at).isoformat()

    @property
    def published_label(self) -> str:
        """The publication date as pages print it ("6 December 2026"): ``|date:"j F Y"``, its
        three parts written directly (``dateformat`` parses its format string for every call)."""
        if self.published_at is None:
            return ""
        when = timezone.localtime(self.published_at)
        return f"{when.day} {MONTHS[when.month]} {when.year:04d}"

    @property
    def state_label(self) -> str:
        if self.translation is not None:
            return self.translation.get_state_display()
        return self.original.get_state_display() if self.original else ""


@dataclass
class SearchPage:
    """A page of results with everything around it."""

    params: SearchParams
    query: ParsedQuery
    page_size: int = PAGE_SIZE
    total: int = 0
    results: list[Result] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    #: Why nothing was searched (empty query, only common words ...), for the reader.
    problem: str | None = None
    #: Filters whose value names nothing (``outlet=nonesuch``): facet name → message.
    unknown: dict[str, str] = field(default_factory=dict)
    #: A broad search: the total and the facet counts are estimates (see backends.base).
    approximate: bool = False

    @property
    def page(self) -> int:
        return self.params.page

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def out_of_range(self) -> bool:
        return self.total > 0 and self.page > self.num_pages

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1

    def facet_list(self) -> list[tuple[str, str, list[FacetValue]]]:
        return [(name, FACET_NAMES[name], self.facets.get(name, [])) for name in FACETS]


#: Every language of the archive, in the order of their names (built and compiled once).
_ALL_LANGUAGES: PreparedQuery[Language] = PreparedQuery(lambda: Language.objects.all())


def _languages() -> dict[str, Language]:
    """The archive's languages by code (a few dozen rows): the query is stemmed in them, and
    the results take their languages from here rather than from two more joins per row."""
    return {language.code: language for language in _ALL_LANGUAGES.fetch()}


def _query_languages(
    query: ParsedQuery, params: SearchParams, languages: Mapping[str, Language]
) -> QueryLanguages:
    """The languages to stem the query in, among the archive's; with a language filter, among
    that language and the desk's (its articles' translations)."""
    within = [params.language, settings.DESK_LANGUAGE] if params.language else None
    text = " ".join(word for clause in query.clauses for word in clause.words)
    return query_languages(text, list(languages), preferred=settings.DESK_LANGUAGE, within=within)


def _resolve(params: SearchParams, page: SearchPage) -> Filters | None:
    """Facet values as the index stores them; ``None`` when one names nothing at all."""
    outlet_id = topic_id = None
    if params.outlet:
        outlet_id = Outlet.objects.filter(slug=params.outlet).values_list("pk", flat=True).first()
        if outlet_id is None:
            page.unknown["outlet"] = f"No outlet has the address “{params.outlet}”."
    if params.topic:
        topic_id = Topic.objects.filter(slug=params.topic).values_list("pk", flat=True).first()
        if topic_id is None:
            page.unknown["topic"] = f"No topic has the address “{params.topic}”."
    if page.unknown:
        return None
    return Filters(
        country=params.country,
        outlet=outlet_id,
        topic=topic_id,
        language=params.language,
        year=params.year,
    )


@functools.lru_cache(maxsize=64)
def _articles_by_ids(
    model: type[Translation | Original], count: int, joins: tuple[str, ...]
) -> PreparedQuery[Any]:
    """The query of :func:`_load` for ``count`` ids of ``model``, built once (a page of
    results asks the same shape each time: building and compiling it cost more than running it)."""
    fields = TRANSLATION_FIELDS if model is Translation else ORIGINAL_FIELDS
    related = "original__outlet__country" if model is Translation else "outlet__country"
    return PreparedQuery(
        lambda: (
            model.objects.select_related(*joins, related)
            .only(*fields)
            .order_by()  # by id below: the models' ordering would only sort the rows
            .filter(pk__in=[Param(f"id{place}", IntegerField()) for place in range(count)])
        )
    )


def _by_id(
    model: type[Translation | Original], ids: list[int], joins: tuple[str, ...]
) -> dict[int, Any]:
    """The articles of ``model`` with these ids, by id (an id deleted since is missing)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    query = _articles_by_ids(model, len(ids), joins)
    found = query.fetch(**{f"id{place}": pk for place, pk in enumerate(ids)})
    return {article.pk: article for article in found}


def _load(
    hits: list[Hit], languages: Mapping[str, Language] | None = None
) -> tuple[dict[int, Translation], dict[int, Original]]:
    """The articles of a page of hits, with their outlets and countries, and their languages
    (from ``languages`` when given: a translation found is one of these)."""
    translation_ids = [hit.translation_id for hit in hits if hit.translation_id]
    original_ids = [hit.original_id for hit in hits if hit.original_id and not hit.translation_id]
    joins = ("language", "original__language") if languages is None else ()
    translations: dict[int, Translation] = _by_id(Translation, translation_ids, joins)
    originals: dict[int, Original] = _by_id(Original, original_ids, joins[:1])
    if languages is not None:
        articles: list[Translation | Original] = [*translations.values(), *originals.values()]
        articles += [t.original for t in translations.values() if t.original is not None]
        for article in articles:
            # A language added since ``languages`` was read is loaded when it is asked for.
            if (language := languages.get(article.language_id)) is not None:
                article.language = language
    return translations, originals


def _text(blocks: Any) -> str:
    return "\n".join(block["text"] for block in blocks or [])


def _result(
    hit: Hit,
    translation: Translation | None,
    original: Original | None,
    query: ParsedQuery,
    *,
    for_desk: bool,
) -> Result:
    original = translation.original if translation is not None else original
    if translation is not None:
        title, language = translation.title, translation.language_id
        body = "\n".join(
            part
            for part in (translation.standfirst, _text(translation.blocks), translation.editor_note)
            if part
        )
        public = translation.state in PUBLIC_STATES and (
            translation.published_at is not None and translation.published_at <= timezone.now()
        )
        if public:
            # What get_absolute_url() gives a translation readers see.
            url = translation.public_url
        elif not for_desk:
            url = translation.get_absolute_url()
        else:
            url = reverse("desk:translation", args=[translation.pk])
        when = translation.published_at
    else:
        assert original is not None
        title, language, body = original.title, original.language_id, ""
        url = reverse("desk:original", args=[original.pk])
        when = None
    found = snippet(
        query,
        translation_text=body,
        translation_title=title,
        translation_language=language,
        original_text=_text(original.blocks) if original else "",
        original_title=original.title if original else "",
        original_language=original.language_id if original else "",
    )
    snippet_language = (
        (original.language if original else None)
        if found.source == ORIGINAL
        else (translation.language if translation else None)
    )
    title_language = language if translation is not None else found.language
    return Result(
        entry_id=hit.entry_id,
        translation=translation,
        original=original,
        title=title,
        title_highlights=tuple(matches(title, query, title_language)),
        url=url,
        snippet=found,
        snippet_language=snippet_language,
        published_at=when,
        score=hit.score,
    )


def _labels(wanted: Mapping[str, Iterable[str]]) -> dict[str, dict[str, tuple[str, str]]]:
    """``facet → key → (value for URLs, label)`` for the ``wanted`` keys of each facet.

    Labels read once are kept by the process while the page generation lasts (saving a country,
    an outlet, a topic or a language retires every page, and these with them), unless boxes are
    not cached (``BOX_CACHE_SECONDS`` 0); those not kept yet are read in one query. A key that
    names nothing is not kept: an outlet created since (which retires no page) is read when its
    articles first show in a facet.
    """
    if settings.BOX_CACHE_SECONDS <= 0:
        return _read_labels(wanted)
    wanted = {facet: list(keys) for facet, keys in wanted.items()}  # each is read twice
    kept: dict[tuple[str, str], tuple[str, str]] = generation_memo("search:facet-labels")
    missing = {
        facet: [key for key in keys if (facet, key) not in kept] for facet, keys in wanted.items()
    }
    if any(missing.values()):
        for facet, found in _read_labels(missing).items():
            kept.update({(facet, key): label for key, label in found.items()})
    labels: dict[str, dict[str, tuple[str, str]]] = {}
    for facet, keys in wanted.items():
        for key in keys:
            label = kept.get((facet, key))
            if label is not None:
                labels.setdefault(facet, {})[key] = label
    return labels


def _read_labels(wanted: Mapping[str, Iterable[str]]) -> dict[str, dict[str, tuple[str, str]]]:
    """``facet → key → (value for URLs, label)`` for the ``wanted`` keys of each facet, in one
    query."""
    tables = {
        "country": (Country._meta.db_table, "code", "code"),
        "outlet": (Outlet._meta.db_table, "id", "slug"),
        "topic": (Topic._meta.db_table, "id", "slug"),
        "language": (Language._meta.db_table, "code", "code"),
    }
    parts, params = [], []
    for facet, (table, key, value) in tables.items():
        keys: list[Any] = list(wanted.get(facet, ()))
        if facet in ("outlet", "topic"):
            keys = [int(k) for k in keys if k.isdigit()]
        if keys:
            marks = ", ".join(["%s"] * len(keys))
            parts.append(
                f"SELECT '{facet}', CAST({key} AS text), {value}, name FROM {table} "
                f"WHERE {key} IN ({marks})"
            )
            params.extend(keys)
    labels: dict[str, dict[str, tuple[str, str]]] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for facet, key, value, name in cursor.fetchall():
                labels.setdefault(facet, {})[key] = (value, name)
    return labels


def _contenders(counts: Mapping[str, int]) -> list[str]:
    """The keys of a facet that can be among its FACET_LIMIT values shown, most frequent
    first: all those counted at least as often as the FACET_LIMIT-th (ties go by label)."""
    if len(counts) <= FACET_LIMIT:
        return list(counts)
    floor = sorted(counts.values(), reverse=True)[FACET_LIMIT - 1]
    return [key for key, count in counts.items() if count >= floor]


def _facets(counts: dict[str, dict[str, int]], params: SearchParams) -> dict[str, list[FacetValue]]:
    """Facet values with their labels, most frequent first (years newest first).

    Only the values that can be shown are labelled (a broad search counts every outlet and
    topic); should one of them name nothing any more (deleted since it was indexed), the others
    are labelled too, in a second query, so that the next most frequent take its place.
    """
    labelled = ("country", "outlet", "topic", "language")
    wanted = {name: _contenders(counts.get(name, {})) for name in labelled}
    labels = _labels(wanted)
    short = {
        name: [key for key in counts.get(name, {}) if key not in wanted[name]]
        for name in labelled
        if len(labels.get(name, {})) < min(FACET_LIMIT, len(wanted[name]))
    }
    if any(short.values()):
        for name, found in _labels(short).items():
            labels.setdefault(name, {}).update(found)
    labels["year"] = {key: (key, key) for key in counts.get("year", {})}
    chosen = params.filters()
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = [
            FacetValue(value, label, count, chosen.get(name) == value)
            for key, count in counts.get(name, {}).items()
            if key in labels.get(name, {})
            for value, label in [labels[name][key]]
        ]
        if name == "year":
            values.sort(key=lambda item: item.value, reverse=True)
        else:
            values.sort(key=lambda item: (-item.count, item.label))
        facets[name] = values[:FACET_LIMIT]
    return facets


def search_articles(
    params: SearchParams,
    *,
    for_desk: bool = False,
    unpublished_only: bool = False,
    page_size: int = PAGE_SIZE,
    now: datetime.datetime | None = None,
) -> SearchPage:
    """One page of results for readers (published translations) or for the desk (everything).

    Never raises on what a reader typed: an empty query or one of only common words comes back
    with ``problem`` set, a filter value naming nothing with ``unknown`` set, both with no results.
    """
    query = parse(params.q)
    page = SearchPage(params=params, query=query, page_size=page_size)
    page.notices.extend(query.notices)
    if not query.is_searchable:
        page.problem = query.problem
        return page
    filters = _resolve(params, page)
    if filters is None:
        return page
    archive_languages = _languages()
    languages = _query_languages(query, params, archive_languages)
    query = dataclasses.replace(query, languages=languages.likely)
    request = SearchRequest(
        query=query,
        languages=languages.likely,
        filters=filters,
        public_only=not for_desk,
        unpublished_only=unpublished_only,
        now=now or timezone.now(),
        sort=params.sort if params.sort in SORTS else RELEVANCE,
        offset=(params.page - 1) * page_size,
        limit=page_size,
    )
    backend = get_backend()
    outcome = backend.search(request)
    if (
        not outcome.total
        and not outcome.approximate
        and set(languages.fallback) - set(languages.likely)
    ):
        # Nothing in the likely languages: the query may be in another language of its script
        # (a word or two say little), so it is tried in all of them.
        query = dataclasses.replace(query, languages=languages.fallback)
        request = dataclasses.replace(request, query=query, languages=languages.fallback)
        outcome = backend.search(request)
    page.query = query
    page.total = outcome.total
    page.approximate = outcome.approximate
    translations, originals = _load(outcome.hits, archive_languages)
    for hit in outcome.hits:
        translation = translations.get(hit.translation_id) if hit.translation_id else None
        original = originals.get(hit.original_id) if hit.original_id else None
        if translation is None and original is None:
            continue  # deleted since it was found
        page.results.append(_result(hit, translation, original, query, for_desk=for_desk))
    page.facets = _facets(outcome.facets, params)
    for name in ("country", "language"):
        value = getattr(params, name)
        if value and page.total == 0 and not any(v.value == value for v in page.facets[name]):
            exists = (Country if name == "country" else Language).objects.filter(pk=value).exists()
            if not exists:
                page.unknown[name] = f"No {FACET_NAMES[name].lower()} has the code “{value}”."
    return page


@dataclass(frozen=True)
class Resemblance:
    """An existing article that a new suggestion resembles, and how much of its words it shares."""

    result: Result
    shared: float


def _words_of(text: str, language: str) -> set[str]:
    return set(stem_words(words(text), language))


def resembling(original: Original, *, limit: int = 3, threshold: float = 0.35) -> list[Resemblance]:
    """Articles already in the desk that look like ``original``: duplicate hints for editors.

    Candidates come from the index (any of the suggestion's distinctive words, best first); a
    candidate is kept when its original shares enough of the suggestion's title and opening.
    """
    opening = " ".join([original.title, *(block["text"] for block in original.block_list[:2])])
    query = any_of(opening, limit=16)
    if not query.is_searchable:
        return []
    # The suggestion's words are in its own language (its words as written find texts in
    # languages without a stemmer).
    own = base_language(original.language_id)
    query = dataclasses.replace(query, languages=(own,) if has_stemmer(own) else ())
    request = SearchRequest(
        query=query,
        languages=query.languages,
        public_only=False,
        now=timezone.now(),
        limit=limit * 3,
        facets=False,
        exclude_original=original.pk,
    )
    outcome = get_backend().search(request)
    translations, originals = _load(outcome.hits)
    mine = _words_of(opening, original.language_id)
    found: list[Resemblance] = []
    for hit in outcome.hits:
        translation = translations.get(hit.translation_id) if hit.translation_id else None
        other = translation.original if translation else originals.get(hit.original_id or 0)
        if other is None or not mine:
            continue
        theirs_text = " ".join([other.title, *(block["text"] for block in other.block_list[:3])])
        theirs = _words_of(theirs_text, other.language_id)
        if translation is not None:
            theirs |= _words_of(translation.title, original.language_id)
        shared = len(mine & theirs) / len(mine)
        if shared >= threshold:
            result = _result(
                hit, translation, other if translation is None else None, query, for_desk=True
            )
            found.append(Resemblance(result, round(shared, 2)))
    found.sort(key=lambda item: -item.shared)
    return found[:limit]


def suggestions_with_hints(*, limit: int = 10) -> list[tuple[Original, list[Resemblance]]]:
    """The latest suggested originals, each with the existing articles it resembles."""
    suggested = list(
        Original.objects.filter(state=Original.State.SUGGESTED)
        .select_related("language", "outlet")
        .defer("retrieved_copy")
        .order_by("-created_at")[:limit]
    )
    return [(original, resembling(original)) for original in suggested]


__all__ = [
    "DATE",
    "RELEVANCE",
    "SearchPage",
    "SearchParams",
    "read_params",
    "resembling",
    "search_articles",
    "suggestions_with_hints",
]
