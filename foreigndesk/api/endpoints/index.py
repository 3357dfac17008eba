"""The API's front door, and a JSON 404 for addresses under it that name no endpoint."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from foreigndesk.api.errors import not_found, refuse_query_parameters
from foreigndesk.api.schemas import ErrorOut
from foreigndesk.core.links import absolute_url

router = Router(tags=["index"])

RESOURCES = ("translations", "outlets", "countries", "topics", "contributors", "search")


@router.get("/", response={200: dict[str, str], 400: ErrorOut})
def index(request: HttpRequest) -> dict[str, str]:
    """Absolute URLs of the lists, the OpenAPI schema and the interactive docs."""
    refuse_query_parameters(request)
    root = reverse("api:index")
    links = {name: absolute_url(request, f"{root}{name}") for name in RESOURCES}
    links["schema"] = absolute_url(request, reverse("api:openapi-json"))
    links["docs"] = absolute_url(request, reverse("api:openapi-view"))
    return links


@router.get("/{path:rest}", include_in_schema=False)
def unknown_endpoint(request: HttpRequest, rest: str) -> None:
    """Keep API clients out of the reader's HTML 404 page (mounted last, so it only catches)."""
    raise not_found(None, f"There is nothing at {request.path!r}; /api/v1/ lists the endpoints.")
