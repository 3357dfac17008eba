"""Fetching an original again to learn whether its outlet changed it.

Outlets edit published articles: a figure corrected, a paragraph added, a quotation withdrawn. The
desk fetches the original's address again (conditionally, with the ETag and Last-Modified of the
last answer, so an unchanged page costs the outlet a 304), extracts its text as an import does,
and compares it with the text the desk holds. What it finds is kept in :class:`OriginalWatch`; the
original's own text is never replaced, since the published translation is paired with it. A page
that is gone (404, 410), now redirects to another site, or cannot be read leaves the last good
text as it was and says so.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from foreigndesk.core.blocks import Block
from foreigndesk.core.http import BadStatus, FetchError, fetch

from .extract import ExtractionError, extract_document
from .lines import clean
from .models import Original, OriginalWatch

Outcome = OriginalWatch.Outcome


def text_digest(blocks: list[Block]) -> str:
    """A fingerprint of a text's words, blind to spacing and letter case."""
    text = "\n".join(clean(block.get("text", "")).casefold() for block in blocks)
    return hashlib.sha256(text.encode()).hexdigest()


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def check_original(original_id: int) -> OriginalWatch:
    """Fetch an original's address again and record what changed; never raises for what the
    outlet's server does (the outcome and its message say it)."""
    original = Original.objects.get(pk=original_id)
    watch, _ = OriginalWatch.objects.get_or_create(original=original)
    if not original.url:
        return _store(watch, Outcome.FAILED, "The original has no address to fetch it from.")
    try:
        response = fetch(original.url, etag=watch.etag, last_modified=watch.last_modified)
    except BadStatus as error:
        if error.status in (404, 410):
            return _store(
                watch,
                Outcome.GONE,
                f"{error} The outlet has taken the article down; the desk keeps the text it had.",
            )
        return _store(watch, Outcome.FAILED, f"{error} The text the desk has is kept.")
    except FetchError as error:
        return _store(watch, Outcome.FAILED, f"{error} The text the desk has is kept.")
    if _site(response.url) != _site(original.url):
        return _store(
            watch,
            Outcome.MOVED,
            f"The address now redirects to another site ({response.url}); the desk keeps the "
            "text it had.",
        )
    watch.etag = response.headers.get("etag", "")[:300]
    watch.last_modified = response.headers.get("last-modified", "")[:100]
    if response.status == 304:
        # Not modified since the last answer: whatever that answer showed still holds.
        kept = watch.outcome if watch.outcome == Outcome.CHANGED else Outcome.UNCHANGED
        return _store(watch, kept, watch.message if kept == Outcome.CHANGED else "")
    try:
        page = extract_document(
            response.body,
            declared=response.charset,
            url=response.url,
            content_type=response.content_type,
        )
    except ExtractionError as error:
        return _store(watch, Outcome.FAILED, f"{error} The text the desk has is kept.")
    digest = text_digest(page.blocks)
    if digest in (text_digest(original.block_list), watch.checked_digest):
        watch.current_blocks = []
        return _store(watch, Outcome.UNCHANGED, "")
    if watch.outcome != Outcome.CHANGED or watch.current_blocks != page.blocks:
        watch.changed_at = timezone.now()
    watch.current_blocks = page.blocks
    return _store(watch, Outcome.CHANGED, "The outlet has changed the text since the desk saw it.")


def _store(watch: OriginalWatch, outcome: str, message: str) -> OriginalWatch:
    if outcome == Outcome.FAILED and watch.outcome == Outcome.CHANGED:
        # A change not yet reviewed stays in view when a later check fails.
        outcome, message = Outcome.CHANGED, f"{watch.message} The last check failed: {message}"
    watch.outcome = outcome
    watch.message = message
    watch.checked_at = timezone.now()
    with transaction.atomic():
        watch.save()
    return watch


def mark_checked(*, watch: OriginalWatch, actor: object) -> OriginalWatch:
    """An editor has compared the changed text with the translation: the text the page has now
    counts as seen, and the original is unchanged until the outlet edits it again."""
    locked = OriginalWatch.objects.select_for_update().get(pk=watch.pk)
    if locked.outcome == Outcome.CHANGED and locked.current_blocks:
        locked.checked_digest = text_digest(locked.current_blocks)
    locked.outcome = Outcome.UNCHANGED
    locked.message = ""
    locked.current_blocks = []
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = actor  # type: ignore[assignment]
    locked.save()
    return locked
