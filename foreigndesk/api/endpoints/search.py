"""Search over published translations and their originals: the reader page's search, as JSON.

The query language is the page's (README, "Search"): words in any of their forms, ``"a phrase"``,
``-word`` to leave out. A query with nothing to search for (empty, only very common words, only
exclusions) is a 400 naming ``q``; a facet value that names nothing gives an empty list, as the
translation list's filters do.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from foreigndesk.api.errors import ApiError, not_found
from foreigndesk.api.pagination import _page_url
from foreigndesk.api.schemas import (
    COUNTRY_FIELD,
    LANGUAGE_FIELD,
    OUTLET_FIELD,
    TOPIC_FIELD,
    CountryRef,
    ErrorOut,
    LanguageRef,
    NamedRef,
    PageOut,
    PageQuery,
)
from foreigndesk.core.links import absolute_url
from foreigndesk.search import selectors
from foreigndesk.search.query import MAX_QUERY_CHARACTERS

router = Router(tags=["search"])


class SearchQuery(PageQuery):
    """What to search for, how to sort, and facet values that narrow the results."""

    q: str = Field("", description='Words, "a phrase", -left-out; in any language.')
    sort: Literal["relevance", "date"] = Field("relevance", description="Best first, or newest.")
    country: str | None = COUNTRY_FIELD
    outlet: str | None = OUTLET_FIELD
    topic: str | None = TOPIC_FIELD
    language: str | None = LANGUAGE_FIELD
    year: int | None = Field(None, ge=1000, le=9999, description="Year of publication.")


class SnippetOut(Schema):
    """An excerpt of the text that matched: ``highlights`` are [start, end) character offsets."""

    text: str
    highlights: list[tuple[int, int]]
    source: Literal["translation", "original"]
    language: LanguageRef | None


class SearchResultOut(Schema):
    id: int = Field(description="The translation's id.")
    slug: str
    url: str = Field(description="Absolute URL of the article page.")
    title: str
    title_highlights: list[tuple[int, int]]
    published_at: datetime.datetime | None
    country: CountryRef | None
    outlet: NamedRef | None
    language: LanguageRef | None = Field(description="The original's language.")
    snippet: SnippetOut
    score: float = Field(description="Relevance; comparable within one response only.")


class FacetValueOut(Schema):
    value: str = Field(description="The value to pass as the facet's parameter.")
    label: str
    count: int = Field(description="Results with this value, among all pages.")
    selected: bool


class SearchFacetsOut(Schema):
    country: list[FacetValueOut]
    outlet: list[FacetValueOut]
    topic: list[FacetValueOut]
    language: list[FacetValueOut]
    year: list[FacetValueOut]


class SearchPageOut(PageOut):
    approximate: bool = Field(
        description="A broad search: count and facet counts are estimated from a sample."
    )
    query: str = Field(description="The query as it was understood.")
    notices: list[str] = Field(description="What was changed or left out of the query.")
    facets: SearchFacetsOut
    results: list[SearchResultOut]


def _result(request: HttpRequest, result: selectors.Result) -> dict[str, Any]:
    translation = result.translation
    assert translation is not None  # readers' results are translations
    return {
        "id": translation.pk,
        "slug": translation.slug,
        "url": absolute_url(request, result.url),
        "title": result.title,
        "title_highlights": list(result.title_highlights),
        "published_at": result.published_at,
        "country": result.country,
        "outlet": result.outlet,
        "language": result.language,
        "snippet": {
            "text": result.snippet.text,
            "highlights": list(result.snippet.highlights),
            "source": result.snippet.source,
            "language": result.snippet_language,
        },
        "score": result.score,
    }


@router.get("", response={200: SearchPageOut, 400: ErrorOut, 404: ErrorOut})
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    """Published translations matching the query, best first, with snippets and facet counts."""
    params = selectors.SearchParams(
        q=query.q[: MAX_QUERY_CHARACTERS * 2],
        sort=query.sort,
        page=query.page,
        country=query.country.upper() if query.country else None,
        outlet=query.outlet,
        topic=query.topic,
        language=query.language,
        year=query.year,
    )
    if query.page > selectors.MAX_PAGE:  # never handed to the database as an offset
        raise not_found(
            "page",
            f"There is no page {query.page}: results are shown up to page {selectors.MAX_PAGE}.",
        )
    page = selectors.search_articles(params, page_size=query.page_size)
    if page.problem:
        raise ApiError(400, "q", page.problem)
    if page.out_of_range:
        raise not_found("page", f"There is no page {page.page}: the last page is {page.num_pages}.")
    return {
        "count": page.total,
        "page": page.page,
        "page_size": page.page_size,
        "next": _page_url(request, page.page + 1) if page.has_next and page.total else None,
        "previous": _page_url(request, page.page - 1) if page.has_previous else None,
        "approximate": page.approximate,
        "query": str(page.query),
        "notices": [*page.notices, *page.unknown.values()],
        "facets": {
            name: [
                {
                    "value": value.value,
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                }
                for value in values
            ]
            for name, values in page.facets.items()
        }
        or {name: [] for name in selectors.FACET_NAMES},
        "results": [_result(request, result) for result in page.results],
    }
