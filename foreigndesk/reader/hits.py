"""Counting reads for "Hot this week" without cookies and without a write per request.

The article page asks the browser to send a beacon to ``/hit/<id>/`` (so reads are counted even
when the page itself came from a cache). Each process adds beacons to an in-memory tally and
writes it to ``DailyViews`` at most every ``FOREIGNDESK_VIEWS_FLUSH_SECONDS``, in one short
transaction: a burst of readers never queues behind a database write lock. Nothing about the
reader is kept: not the address, not the agent, no cookie. Staff and obvious bots are not counted.
A process that stops loses at most the tally of its last interval.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from foreigndesk.newsroom.models import Translation

from .actions import record_views

BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|scan|monitor|curl|wget|python-|httpclient|java/|"
    r"go-http|headlesschrome|lighthouse|facebookexternalhit|embedly|wrk",
    re.IGNORECASE,
)


class Tally:
    """Reads counted in this process since the last write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[int, object]] = Counter()
        self._last_flush = time.monotonic()

    def add(self, translation_id: int) -> None:
        with self._lock:
            self._counts[(translation_id, timezone.localdate())] += 1
            due = (
                time.monotonic() - self._last_flush >= settings.VIEWS_FLUSH_SECONDS
                or len(self._counts) >= 1000
            )
        if due:
            self.flush()

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def flush(self) -> int:
        """Write the tally to the database; returns how many reads were written."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        if not counts:
            return 0
        known = set(
            Translation.objects.published()
            .filter(pk__in={translation_id for translation_id, _ in counts})
            .values_list("pk", flat=True)
        )
        written = 0
        with transaction.atomic():
            for (translation_id, day), views in sorted(counts.items(), key=str):
                if translation_id in known:
                    record_views(translation_id=translation_id, day=day, views=views)
                    written += views
        return written


tally = Tally()


def is_countable(request: HttpRequest) -> bool:
    """Not a bot, not a prefetch, not the desk's own staff."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent or BOT_AGENTS.search(agent):
        return False
    if request.META.get("HTTP_SEC_PURPOSE", "").startswith("prefetch"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return False
    return True


def count(request: HttpRequest, translation_id: int) -> bool:
    """Count a read when it should be; returns whether it was counted."""
    if not is_countable(request):
        return False
    tally.add(translation_id)
    return True
