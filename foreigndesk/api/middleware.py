"""Requests under the API's address resolve with the URL patterns that include it; the others
with the site's patterns alone. django-ninja and pydantic (some 13 MB of a web process) are
then loaded by the first API request a process serves, not by every process."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

#: Where the API is served, and the URL patterns that include it.
API_ROOT = "/api/v1/"
API_URLCONF = "foreigndesk.urls_api"


class ApiUrlsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # "/api/v1" too, which the common middleware redirects to "/api/v1/".
        if request.path_info.startswith(API_ROOT.rstrip("/")):
            request.urlconf = API_URLCONF
        return self.get_response(request)
