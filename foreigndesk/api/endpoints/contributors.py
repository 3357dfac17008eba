"""The desk's translators and editors, as credited on published translations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from foreigndesk.accounts.models import Contributor
from foreigndesk.api.errors import not_found, refuse_query_parameters
from foreigndesk.api.pagination import paginate
from foreigndesk.api.schemas import ContributorOut, ContributorPage, ErrorOut, PageQuery
from foreigndesk.newsroom import published as selectors

router = Router(tags=["contributors"])


@router.get("", response={200: ContributorPage, 400: ErrorOut, 404: ErrorOut})
def list_contributors(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Contributors credited on at least one published translation, by name."""
    return paginate(request, selectors.contributors(), query)


@router.get("/{slug:slug}", response={200: ContributorOut, 400: ErrorOut, 404: ErrorOut})
def get_contributor(request: HttpRequest, slug: str) -> Contributor:
    """One contributor: name, biography, and how many published translations they did."""
    refuse_query_parameters(request)
    try:
        return selectors.contributors().get(slug=slug)
    except Contributor.DoesNotExist:
        raise not_found("slug", f"No credited contributor has the slug {slug!r}.") from None
