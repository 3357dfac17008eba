"""A cache tier in front that only remembers what it was told to drop, for tests of purging."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from django.core.cache import cache
from django.test import override_settings

from foreigndesk.core import cache as core_cache
from foreigndesk.core.frontend_cache import FrontendCache


class RecordingFrontendCache(FrontendCache):
    """``FOREIGNDESK_FRONTEND_CACHES = {"tier": {"BACKEND": "foreigndesk.testing.frontend.
    RecordingFrontendCache"}}``: every purged URL is appended to :attr:`purged`."""

    purged: ClassVar[list[str]] = []

    def purge_batch(self, urls: list[str]) -> None:
        RecordingFrontendCache.purged.extend(urls)


@contextmanager
def every_cache_on(site: str) -> Iterator[None]:
    """The reader site with its page, fragment and box caches on and a recording cache tier in
    front, each emptied before and after: for tests of what a change retires and purges."""
    cache.clear()
    core_cache.forget_remembered()
    RecordingFrontendCache.purged.clear()
    with override_settings(
        PAGE_CACHE_SECONDS=600,
        FRAGMENT_CACHE_SECONDS=600,
        BOX_CACHE_SECONDS=600,
        SITE_URL=site,
        FOREIGNDESK_FRONTEND_CACHES={
            "tier": {"BACKEND": "foreigndesk.testing.frontend.RecordingFrontendCache"}
        },
    ):
        yield
    cache.clear()
    RecordingFrontendCache.purged.clear()
