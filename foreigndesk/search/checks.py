"""System checks: the search backend can be imported and runs on the database in use; its
stored index is usable."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connections


@register()
def check_search_backends(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from django.conf import settings

    from .backends import backend_settings, get_backend
    from .backends.base import SearchBackend

    aliases = list(getattr(settings, "SEARCH_BACKENDS", None) or {"default": None})
    errors: list[Error] = []
    if "default" not in aliases:
        errors.append(Error("SEARCH_BACKENDS needs a 'default' entry.", id="search.E001"))
    for alias in aliases:
        try:
            config = backend_settings(alias)
            backend = get_backend(alias)
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="search.E002"))
            continue
        if not isinstance(backend, SearchBackend):
            errors.append(
                Error(
                    f"SEARCH_BACKENDS[{alias!r}]['BACKEND'] = {config['BACKEND']!r} is not a "
                    "SearchBackend.",
                    id="search.E003",
                )
            )
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
    from .backends import get_backend
    from .backends.base import SearchBackend

    if not databases or "default" not in databases:
        return []
    try:
        backend = get_backend()
    except ImproperlyConfigured:
        return []  # check_search_backends says why
    if not isinstance(backend, SearchBackend) or backend.vendor != connections["default"].vendor:
        return []  # likewise
    return [Warning(problem, id="search.W001") for problem in backend.problems()]
