"""Keeping each tagging's copy of its translation's publication time and public state true.

A topic's newest published translations are read off the tagging table alone (see
``models.Tagging``); the copy is brought up to date in the database, in one statement, after
every change that can make it stale: a translation saved (published, unpublished, scheduled,
withdrawn, its time changed) and taggings added from either side. Deleting a translation or a
topic, removing or clearing taggings, take the rows with them and need nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Subquery

from .models import Tagging, Translation


def refresh_taggings(translation_ids: Iterable[int] | None = None) -> int:
    """Copy the publication time and public state of these translations (all when None) onto
    their taggings, in one UPDATE; the number of taggings written."""
    owner = Translation.objects.filter(pk=OuterRef("translation_id"))
    rows = Tagging.objects.all()
    if translation_ids is not None:
        rows = rows.filter(translation_id__in=list(translation_ids))
    return rows.update(
        published_at=Subquery(owner.values("published_at")[:1]),
        is_public=Subquery(owner.values("is_public")[:1]),
    )


def on_translation_saved(
    sender: Any, instance: Translation, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    """A saved translation's taggings follow its state and time (a new one has none yet)."""
    if created:
        return
    if update_fields is not None and not {"state", "published_at"} & set(update_fields):
        return
    refresh_taggings([instance.pk])


def on_tagging_saved(sender: Any, instance: Tagging, created: bool, **kwargs: Any) -> None:
    """A tagging saved on its own (the admin's inline) gets its copy."""
    if created:
        refresh_taggings([instance.translation_id])


def on_taggings_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Taggings just added, from a translation's side or a topic's, get their copy."""
    if action != "post_add" or not pk_set:
        return
    refresh_taggings(pk_set if reverse else [instance.pk])
