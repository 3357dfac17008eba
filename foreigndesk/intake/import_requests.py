"""A person's request to import an article (its address, a pasted text, an uploaded file) or a
published bilingual page, carried out in the background. Each request keeps its outcome for the
person who asked: the status page shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import ImportRequest
from .tasks import run_import


def check_upload(data: bytes, filename: str) -> None:
    """Refuse an upload that is empty or over the import size limit, naming the file."""
    name = filename or "The file"
    if not data:
        raise ValidationError(f"{name} is empty.")
    if len(data) > settings.FETCH_MAX_BYTES:
        raise ValidationError(
            f"{name} is {len(data):,} bytes, more than the limit of "
            f"{settings.FETCH_MAX_BYTES:,} bytes (FETCH_MAX_BYTES)."
        )


def _checked_fields(
    kind: str, *, url: str, text: str, data: bytes, filename: str
) -> dict[str, Any]:
    url = url.strip()
    if kind == ImportRequest.Kind.URL:
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Give an address starting with http:// or https://.")
    elif kind == ImportRequest.Kind.PASTE:
        if not text.strip():
            raise ValidationError("Paste the article's title and text.")
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Give the original's address starting with http:// or https://.")
    elif kind in (ImportRequest.Kind.FILE, ImportRequest.Kind.PAGE):
        if text.strip() and not data:
            data = text.encode("utf-8")
        check_upload(data, filename)
        url, text = "", ""
    else:
        raise ValidationError(f"Unknown kind of import {kind!r}.")
    return {"url": url, "text": text, "data": data, "filename": filename[:255]}


def create_import_request(
    *,
    user: Any,
    kind: str,
    enqueue: Callable[[int], Any],
    url: str = "",
    text: str = "",
    data: bytes = b"",
    filename: str = "",
) -> ImportRequest:
    """Record a person's import request and hand it to ``enqueue`` (a task) after the commit."""
    if not user.has_perm("intake.add_original"):
        raise PermissionDenied("Only editors can import articles.")
    fields = _checked_fields(kind, url=url, text=text, data=data, filename=filename)
    with transaction.atomic():
        request = ImportRequest.objects.create(requested_by=user, kind=kind, **fields)
        transaction.on_commit(lambda: enqueue(request.pk))
    return request


def request_import(
    *, user: Any, kind: str, url: str = "", text: str = "", data: bytes = b"", filename: str = ""
) -> ImportRequest:
    """Record a request to import an article as a suggestion, run by intake's task."""
    if kind == ImportRequest.Kind.PAGE:
        raise ValidationError("A bilingual page is imported by the newsroom, not as a suggestion.")
    return create_import_request(
        user=user,
        kind=kind,
        enqueue=run_import.enqueue,
        url=url,
        text=text,
        data=data,
        filename=filename,
    )
