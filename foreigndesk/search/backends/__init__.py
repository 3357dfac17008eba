"""Search backends, chosen with the ``SEARCH_BACKENDS`` setting (shaped like ``CACHES``).

Without the setting, the backend follows the database in use: SQLite FTS5 on SQLite,
PostgreSQL full-text search on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils.module_loading import import_string

from .base import SearchBackend, SearchBackendError

__all__ = ["SearchBackend", "SearchBackendError", "backend_settings", "get_backend"]

BY_VENDOR = {
    "sqlite": "foreigndesk.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "foreigndesk.search.backends.postgres.PostgresSearchBackend",
}


def backend_settings(alias: str = "default") -> dict[str, Any]:
    """The configuration of one backend: from ``SEARCH_BACKENDS``, or the database's default."""
    configured = getattr(settings, "SEARCH_BACKENDS", None)
    if configured is None:
        vendor = connections["default"].vendor
        if vendor not in BY_VENDOR:
            raise ImproperlyConfigured(
                f"No search backend for a {vendor} database; set SEARCH_BACKENDS."
            )
        return {"BACKEND": BY_VENDOR[vendor], "OPTIONS": {}}
    if alias not in configured:
        raise ImproperlyConfigured(f"SEARCH_BACKENDS has no {alias!r} entry.")
    return configured[alias]


def get_backend(alias: str = "default") -> SearchBackend:
    """An instance of the configured backend (cheap: backends keep no state of their own)."""
    config = backend_settings(alias)
    try:
        backend_class = import_string(config["BACKEND"])
    except (ImportError, KeyError) as error:
        raise ImproperlyConfigured(
            f"SEARCH_BACKENDS[{alias!r}]['BACKEND'] cannot be imported: {error}"
        ) from error
    return backend_class(alias, config.get("OPTIONS") or {})
