"""A person's request to import a URL or a pasted text, carried out in the background."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import ImportRequest
from .tasks import run_import


def request_import(*, user: Any, kind: str, url: str = "", text: str = "") -> ImportRequest:
    """Record a person's import request and run it as a background task after commit."""
    if not user.has_perm("intake.add_original"):
        raise PermissionDenied("Only editors can import articles.")
    if kind == ImportRequest.Kind.URL:
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Give an address starting with http:// or https://.")
    elif kind == ImportRequest.Kind.PASTE:
        if not text.strip():
            raise ValidationError("Paste the article's title and text.")
        url = url.strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Give the original's address starting with http:// or https://.")
    else:
        raise ValidationError(f"Unknown kind of import {kind!r}.")
    with transaction.atomic():
        request = ImportRequest.objects.create(requested_by=user, kind=kind, url=url, text=text)
        transaction.on_commit(lambda: run_import.enqueue(request.pk))
    return request
