"""The NinjaAPI instance served at /api/v1/: read-only, anonymous, published work only."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.throttling import AnonRateThrottle

from .endpoints import contributors, countries, index, outlets, topics, translations
from .errors import install_error_handlers


class SettingsRateThrottle(AnonRateThrottle):
    """Requests per client address at the rate ``RATE_LIMITS["api"]`` says now (a setting
    changed at run time, as tests do, takes effect at the next request)."""

    def __init__(self) -> None:
        super().__init__(settings.RATE_LIMITS["api"])

    def allow_request(self, request: Any) -> bool:
        self.rate = settings.RATE_LIMITS["api"]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request))


class LocalSwagger(Swagger):
    """ninja's Swagger page from its own template and the site's copy of its static files.
    ninja renders so only when it is an installed app, and otherwise links the page's scripts
    from a CDN; it is not one here (see ``settings.NINJA_DIR``)."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # The API only reads: no form on the page needs a CSRF token.
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": False}
        return render(request, self.template, context)


api = NinjaAPI(
    title="foreigndesk API",
    version="1",
    description="Published translations of foreign-press articles, beside their originals.",
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
    docs=LocalSwagger(),
    # Per client address, in the shared cache: a scraper cannot take the archive down.
    throttle=[SettingsRateThrottle()],
)
install_error_handlers(api)

api.add_router("/translations", translations.router)
api.add_router("/outlets", outlets.router)
api.add_router("/countries", countries.router)
api.add_router("/topics", topics.router)
api.add_router("/contributors", contributors.router)
api.add_router("/search", "foreigndesk.api.endpoints.search.router")

# Last: its catch-all answers only what no router above has claimed.
api.add_router("", index.router)


def address_not_found(request: HttpRequest) -> HttpResponse:
    """The API's JSON 404 for an address under it that no URL pattern can match at all (a line
    break or another control character in it keeps even the catch-all from matching)."""
    body = {
        "error": {
            "parameter": None,
            "message": f"There is nothing at {request.path!r}; /api/v1/ lists the endpoints.",
        }
    }
    response: HttpResponse = api.create_response(request, body, status=404)
    return response
