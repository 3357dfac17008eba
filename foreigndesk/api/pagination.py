"""Page-number pagination with absolute next/previous links, in the API's list shape."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from foreigndesk.core.links import absolute_url

from .errors import not_found
from .schemas import PageQuery


def _page_url(request: HttpRequest, number: int) -> str:
    """This request's address with another page number and every other parameter kept."""
    query = request.GET.copy()
    query["page"] = str(number)
    return absolute_url(request, f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, rows: QuerySet[Any], query: PageQuery) -> dict[str, Any]:
    """One page of ``rows`` in two queries (the count, then the page) plus its prefetches.

    Page 1 of an empty list is an empty page; any page past the last is a 404.
    """
    paginator = Paginator(rows, query.page_size)
    try:
        page = paginator.page(query.page)
    except EmptyPage:
        raise not_found(
            "page", f"There is no page {query.page}: the last page is {paginator.num_pages}."
        ) from None
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": query.page_size,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number())
        if page.has_previous()
        else None,
        "results": list(page.object_list),
    }
