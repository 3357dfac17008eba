"""Topics readers browse published translations by."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from foreigndesk.api.pagination import paginate
from foreigndesk.api.schemas import ErrorOut, PageQuery, TopicPage
from foreigndesk.newsroom import published as selectors

router = Router(tags=["topics"])


@router.get("", response={200: TopicPage, 400: ErrorOut, 404: ErrorOut})
def list_topics(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Topics with at least one published translation, by name."""
    return paginate(request, selectors.topics(), query)
