"""Absolute addresses of the site's pages, for feeds, the API and machine-readable metadata."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute_url(request: HttpRequest, path: str) -> str:
    """The canonical address of a path: the configured site URL, else the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)
