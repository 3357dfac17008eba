"""Search backends, chosen with the ``SEARCH_BACKENDS`` setting (shaped like ``CACHES``).

Without the setting, the backend follows the database in use: SQLite FTS5 on SQLite,
PostgreSQL full-text search on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from foreigndesk.core.backends import backend_class, options_of
from foreigndesk.core.backends import configured as configured_entry

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
    return configured_entry("SEARCH_BACKENDS", alias)


def get_backend(alias: str = "default") -> SearchBackend:
    """An instance of the configured backend (cheap: backends keep no state of their own)."""
    config = backend_settings(alias)
    backend = backend_class("SEARCH_BACKENDS", config, SearchBackend)
    return backend(alias, options_of("SEARCH_BACKENDS", config))
