"""What the import commands print: one line per created original, or the error."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from foreigndesk.intake.models import Original


def describe(original: Original) -> str:
    """``Created suggested original #12 “Title” (German, Outlet, 2 authors).``"""
    parts = [original.language.name]
    if original.outlet:
        confirmed = "" if original.outlet.confirmed else ", new and unconfirmed"
        parts.append(f"outlet {original.outlet.name}{confirmed}")
    authors = [author.name for author in original.authors.all()]
    if authors:
        parts.append("by " + ", ".join(authors))
    if original.published_on:
        parts.append(f"published {original.published_on.isoformat()}")
    parts.append(f"{len(original.block_list)} blocks")
    return f"Created suggested original #{original.pk} “{original.title}” ({'; '.join(parts)})."


def user_named(username: str | None) -> Any:
    """The user recorded as having suggested the import, if one was named."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}.")
    return user
