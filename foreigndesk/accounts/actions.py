"""Writes of the desk's people: contributor profiles met in imports and loads."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection

from foreigndesk.core.actions import unique_slug

from .models import Contributor
from .roles import ROLES


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


def ensure_role_groups() -> None:
    """Create the role groups with their permissions when any is missing, as the roles
    migration does (a database emptied since, by a flush, has lost them)."""
    if Group.objects.filter(name__in=ROLES).count() == len(ROLES):
        return
    migration = importlib.import_module("foreigndesk.accounts.migrations.0002_roles")
    migration.create_roles(apps, SimpleNamespace(connection=connection))
