"""Countries of the outlets the desk has published translations from."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from foreigndesk.api.pagination import paginate
from foreigndesk.api.schemas import CountryPage, ErrorOut, PageQuery
from foreigndesk.newsroom import published as selectors

router = Router(tags=["countries"])


@router.get("", response={200: CountryPage, 400: ErrorOut, 404: ErrorOut})
def list_countries(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Countries with at least one published translation, by name."""
    return paginate(request, selectors.countries(), query)
