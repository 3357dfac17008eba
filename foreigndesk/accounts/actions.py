"""Writes of the desk's people: contributor profiles met in imports and loads."""

from __future__ import annotations

from foreigndesk.core.actions import unique_slug

from .models import Contributor


def contributor_named(name: str, *, match_case: bool = False) -> Contributor:
    """The contributor with this public name, created without a login when missing.

    Names match in any case unless ``match_case`` (a load of an export keeps two people whose
    names differ only in case apart, as they were).
    """
    lookup = {"name": name} if match_case else {"name__iexact": name}
    existing = Contributor.objects.filter(**lookup).first()
    if existing:
        return existing
    return Contributor.objects.create(
        name=name[:150], slug=unique_slug(Contributor, name, limit=150)
    )
