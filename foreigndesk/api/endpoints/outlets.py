"""Outlets whose articles the desk has published in translation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from foreigndesk.api.errors import not_found, refuse_query_parameters
from foreigndesk.api.pagination import paginate
from foreigndesk.api.schemas import ErrorOut, OutletOut, OutletPage, PageQuery
from foreigndesk.intake.models import Outlet
from foreigndesk.newsroom import published as selectors

router = Router(tags=["outlets"])


@router.get("", response={200: OutletPage, 400: ErrorOut, 404: ErrorOut})
def list_outlets(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Outlets with at least one published translation, by name."""
    return paginate(request, selectors.outlets(), query)


@router.get("/{slug:slug}", response={200: OutletOut, 400: ErrorOut, 404: ErrorOut})
def get_outlet(request: HttpRequest, slug: str) -> Outlet:
    """One outlet: its country, languages, web domains, profile and published count."""
    refuse_query_parameters(request)
    try:
        return selectors.outlets().get(slug=slug)
    except Outlet.DoesNotExist:
        raise not_found(
            "slug", f"No outlet with published translations has the slug {slug!r}."
        ) from None
