"""System checks: the search backend can be imported and runs on the database in use; its
stored index is usable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from foreigndesk.core.backends import NotABackend

from .backends import backend_settings, get_backend
from .backends.base import SearchBackend


@register()
def check_search_backends(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    aliases = list(getattr(settings, "SEARCH_BACKENDS", None) or {"default": None})
    errors: list[Error] = []
    if "default" not in aliases:
        errors.append(Error("SEARCH_BACKENDS needs a 'default' entry.", id="search.E001"))
    for alias in aliases:
        try:
            config = backend_settings(alias)
            backend = get_backend(alias)
        except NotABackend as error:
            errors.append(Error(str(error), id="search.E003"))
            continue
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="search.E002"))
            continue
        database = (config.get("OPTIONS") or {}).get("DATABASE", "default")
        vendor = connections[database].vendor
        if backend.vendor and backend.vendor != vendor:
            errors.append(
                Error(
                    f"SEARCH_BACKENDS[{alias!r}] is {backend.name}, which needs a "
                    f"{backend.vendor} database; the database {database!r} is {vendor}.",
                    hint="Use foreigndesk.search.backends.sqlite.SQLiteSearchBackend on SQLite "
                    "and foreigndesk.search.backends.postgres.PostgresSearchBackend on PostgreSQL.",
                    id="search.E004",
                )
            )
    return errors


@register(Tags.database)
def check_search_index(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[Warning]:
    """The stored index is usable (run by ``migrate`` and ``check --database default``)."""
    if not databases or "default" not in databases:
        return []
    try:
        backend = get_backend()
    except ImproperlyConfigured:
        return []  # check_search_backends says why
    if not isinstance(backend, SearchBackend) or backend.vendor != connections["default"].vendor:
        return []  # likewise
    found = [Warning(problem, id="search.W001") for problem in backend.problems()]
    stale = backend.stale_format()
    if stale:
        found.append(
            Warning(
                f"The search index is in an older format ({stale}): searches miss articles "
                "until it is rebuilt.",
                hint="Run `foreigndesk reindex`.",
                id="search.W002",
            )
        )
    return found
