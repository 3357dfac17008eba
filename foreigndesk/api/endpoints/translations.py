"""Published translations: the list with its filters, and one translation with both texts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from foreigndesk.api.errors import not_found, refuse_query_parameters
from foreigndesk.api.pagination import paginate
from foreigndesk.api.schemas import ErrorOut, TranslationDetail, TranslationPage, TranslationQuery
from foreigndesk.newsroom import published as selectors
from foreigndesk.newsroom.models import Translation

router = Router(tags=["translations"])


@router.get("", response={200: TranslationPage, 400: ErrorOut, 404: ErrorOut})
def list_translations(request: HttpRequest, query: Query[TranslationQuery]) -> dict[str, Any]:
    """Published translations, newest first, without their texts."""
    rows = selectors.published_translations(
        country=query.country,
        outlet=query.outlet,
        topic=query.topic,
        language=query.language,
        published_after=query.published_after,
        published_before=query.published_before,
    )
    return paginate(request, rows, query)


@router.get("/{slug:slug}", response={200: TranslationDetail, 400: ErrorOut, 404: ErrorOut})
def get_translation(request: HttpRequest, slug: str) -> Translation:
    """One published translation with its text, its original's text, alignment and corrections."""
    refuse_query_parameters(request)
    try:
        return selectors.published_article(slug)
    except Translation.DoesNotExist:
        raise not_found("slug", f"No published translation has the slug {slug!r}.") from None
