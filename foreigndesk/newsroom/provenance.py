"""Keeping each translation's copy of its original's outlet and of that outlet's country true.

An outlet's or a country's newest published translations are read off the translation table
alone (see ``Translation.outlet`` and ``Translation.country``); the copy follows every change
that can make it stale, whichever action, command or admin form made it:

- a translation saved whole, or with its original among the fields saved: the copy is set
  before the row is written, in the same statement when the copy's fields are written too;
- an original saved with another outlet (at intake, in the admin): its translations follow;
- an outlet saved with another country: the translations of its originals follow.

The copy holds nothing about publication: a translation's own state and time decide whether a
listing shows it, so publishing, withdrawing, scheduling or moving its time needs nothing here.
Deleting a translation takes its copy with it; an original with translations, an outlet with
originals and a country with outlets are protected from deletion, so no copy can outlive its
source. Writes that bypass saves (a bulk insert, ``QuerySet.update``) call
:func:`refresh_provenance` or write the copy themselves, as the benchmark's generator does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from foreigndesk.intake.models import Original, Outlet

from .models import Translation

#: The fields of a translation that hold the copy.
COPY_FIELDS = frozenset({"outlet", "country"})


def refresh_provenance(translations: QuerySet[Translation] | None = None) -> int:
    """Copy the outlet and country of these translations' originals (every translation's when
    None) onto them, in one UPDATE; the number of translations written."""
    source = Original.objects.filter(pk=OuterRef("original_id"))
    rows = Translation.objects.all() if translations is None else translations
    return rows.update(
        outlet_id=Subquery(source.values("outlet_id")[:1]),
        country_id=Subquery(source.values("outlet__country_id")[:1]),
    )


def source_of(original_id: int | None) -> tuple[int | None, str | None]:
    """The outlet and country of an original, as a translation of it copies them (one query;
    none without an original)."""
    if original_id is None:
        return None, None
    found = (
        Original.objects.filter(pk=original_id)
        .values_list("outlet_id", "outlet__country_id")
        .first()
    )
    return found if found is not None else (None, None)


def _move(rows: QuerySet[Translation], outlet_id: int | None, country_id: str | None) -> int:
    """Give these translations this outlet and country, writing only those whose copy differs
    (so that a save which moves nothing writes nothing); the number written."""
    # On a nullable column ``~Q(field=value)`` also matches NULL, and ``~Q(field=None)`` any value.
    stale = ~Q(outlet_id=outlet_id) | ~Q(country_id=country_id)
    return rows.filter(stale).update(outlet_id=outlet_id, country_id=country_id)


def on_translation_saving(
    sender: Any, instance: Translation, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """Before a translation is written whole (or with its original): the copy of its source,
    so that the same INSERT or UPDATE writes it."""
    if raw or (update_fields is not None and "original" not in update_fields):
        return
    instance.outlet_id, instance.country_id = source_of(instance.original_id)


def on_translation_saved(
    sender: Any, instance: Translation, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """A save that named the original but not the copy's fields: the copy set before the save
    is written on its own."""
    if raw or update_fields is None or "original" not in update_fields:
        return
    if not set(update_fields) >= COPY_FIELDS:
        _move(Translation.objects.filter(pk=instance.pk), instance.outlet_id, instance.country_id)


def on_original_saved(
    sender: Any,
    instance: Original,
    created: bool,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """An original saved with (perhaps) another outlet: its translations follow. A new original
    has no translations yet."""
    if raw or created or (update_fields is not None and "outlet" not in update_fields):
        return
    country_id = (
        Outlet.objects.filter(pk=instance.outlet_id).values_list("country_id", flat=True).first()
        if instance.outlet_id is not None
        else None
    )
    _move(Translation.objects.filter(original_id=instance.pk), instance.outlet_id, country_id)


def on_outlet_saved(
    sender: Any,
    instance: Outlet,
    created: bool,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """An outlet saved with (perhaps) another country: the translations of its originals follow.
    A new outlet has no originals yet."""
    if raw or created or (update_fields is not None and "country" not in update_fields):
        return
    _move(
        Translation.objects.filter(original__outlet_id=instance.pk),
        instance.pk,
        instance.country_id,
    )
