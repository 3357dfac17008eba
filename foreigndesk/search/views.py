"""The search pages: one for readers (published translations), one for the desk (everything)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foreigndesk.core.cache import cached_page
from foreigndesk.core.ratelimits import limited

from . import selectors
from .query import MAX_QUERY_CHARACTERS

#: What the search page reads from its address; anything else is rendered but not cached.
SEARCH_PARAMETERS = frozenset({"q", "sort", "page", *selectors.FACET_NAMES})


def _encoded(name: str, values: list[str], encoding: str) -> str:
    """``name=value&...`` as ``QueryDict.urlencode`` writes it, for one parameter."""
    key = name.encode(encoding)
    return "&".join(urlencode({key: str(value).encode(encoding)}) for value in values)


def _links(request: HttpRequest, page: selectors.SearchPage) -> dict[str, object]:
    """Query strings for pagination, sorting and each facet value (toggling it)."""
    # A page has some fifty links, each the request's query string with one parameter changed:
    # every parameter is encoded once, and a link encodes only what it changes.
    encoding = request.GET.encoding or settings.DEFAULT_CHARSET
    asked = {
        name: _encoded(name, values, encoding) for name, values in request.GET.lists() if values
    }

    def with_(**changes: object) -> str:
        query = dict(asked)
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = _encoded(name, [str(value)], encoding)
        if "page" not in changes:
            query.pop("page", None)
        return "?" + "&".join(query.values())

    facets = [
        (
            name,
            label,
            [(value, with_(**{name: None if value.selected else value.value})) for value in values],
        )
        for name, label, values in page.facet_list()
    ]
    chosen = [
        (selectors.FACET_NAMES[name], value, with_(**{name: None}))
        for name, value in page.params.filters().items()
    ]
    return {
        "unknown": [(message, with_(**{name: None})) for name, message in page.unknown.items()],
        "facets": facets,
        "chosen": chosen,
        "next_url": with_(page=page.page + 1) if page.has_next else None,
        "previous_url": with_(page=page.page - 1) if page.has_previous else None,
        "sort_urls": {sort: with_(sort=sort) for sort in selectors.SORTS},
    }


def _render(
    request: HttpRequest,
    template: str,
    page: selectors.SearchPage,
    notices: list[str],
    **extra: object,
) -> HttpResponse:
    status = 404 if page.out_of_range else 200
    if page.out_of_range:
        notices = [
            *notices,
            f"There is no page {page.page}: the results end on page {page.num_pages}.",
        ]
    context = {
        "page": page,
        "notices": notices + page.notices,
        "max_length": MAX_QUERY_CHARACTERS,
        **_links(request, page),
        **extra,
    }
    return render(request, template, context, status=status)


@limited("search")
@require_GET
@cached_page(parameters=SEARCH_PARAMETERS)
def search_page(request: HttpRequest) -> HttpResponse:
    """Search published translations and their originals (``?q=``, facets, ``sort``, ``page``)."""
    params, notices = selectors.read_params(request.GET)
    page = selectors.search_articles(params)
    return _render(request, "search/search.html", page, notices)


@require_GET
@login_required
# The desk's people (translators, editors) read unpublished work; other staff do not.
@permission_required("newsroom.view_translation", raise_exception=True)
def desk_search(request: HttpRequest) -> HttpResponse:
    """The desk's search: every article, or only originals not yet published (``scope``)."""
    params, notices = selectors.read_params(request.GET)
    scope = "all" if request.GET.get("scope") == "all" else "unpublished"
    page = (
        selectors.search_articles(params, for_desk=True, unpublished_only=scope == "unpublished")
        if params.q
        else None
    )
    suggestions = selectors.suggestions_with_hints() if not params.q else []
    if page is None:
        return render(
            request,
            "search/desk.html",
            {"page": None, "scope": scope, "suggestions": suggestions, "notices": notices},
        )
    return _render(request, "search/desk.html", page, notices, scope=scope, suggestions=[])
