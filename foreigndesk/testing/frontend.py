"""A cache tier in front that only remembers what it was told to drop, for tests of purging."""

from __future__ import annotations

from typing import ClassVar

from foreigndesk.core.frontend_cache import FrontendCache


class RecordingFrontendCache(FrontendCache):
    """``FOREIGNDESK_FRONTEND_CACHES = {"tier": {"BACKEND": "foreigndesk.testing.frontend.
    RecordingFrontendCache"}}``: every purged URL is appended to :attr:`purged`."""

    purged: ClassVar[list[str]] = []

    def purge_batch(self, urls: list[str]) -> None:
        RecordingFrontendCache.purged.extend(urls)
