"""Addresses the desk's articles had before: a request that would end in 404 is sent on when
the path was a translation's address on the site the desk used before (kept by an archive
import), so that links and search results pointing at the old site keep working."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from foreigndesk.newsroom.models import FormerAddress
from foreigndesk.newsroom.states import PUBLIC_STATES, State


class FormerAddressMiddleware:
    """Turns a 404 on a former address into a permanent redirect to the translation's page (only
    once readers can see it, so that the address of work in progress reveals nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path
        # No stored address is that long or holds a NUL (which PostgreSQL refuses to compare).
        if len(path) > 500 or "\x00" in path:
            return response
        candidates = {path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"}
        former = (
            FormerAddress.objects.filter(path__in=candidates)
            .select_related("translation")
            .order_by("pk")
            .first()
        )
        if former is None:
            return response
        translation = former.translation
        if translation.state not in PUBLIC_STATES and translation.state != State.WITHDRAWN:
            return response
        return HttpResponsePermanentRedirect(translation.get_absolute_url())
