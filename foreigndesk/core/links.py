"""Addresses of the site's pages: paths reversed once and remembered, and absolute addresses for
feeds, the API and machine-readable metadata."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse


def absolute_url(request: HttpRequest, path: str) -> str:
    """The canonical address of a path: the configured site URL, else the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def path_for(viewname: str, *args: Any, **kwargs: Any) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs)``, remembered: a reader page names dozens of
    addresses (its articles, topics, outlets, people), and reversing one costs a walk of the
    URL patterns each time. Values must be hashable (numbers and strings, as URLs take)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(viewname, args, tuple(kwargs.items()), urlconf, get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reversed(
    viewname: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    urlconf: str,
    prefix: str,  # the key only: reverse() reads the same prefix itself
) -> str:
    return reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _forget_paths(*, setting: str, **kwargs: Any) -> None:
    """A test that swaps the URL patterns gets fresh answers."""
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
