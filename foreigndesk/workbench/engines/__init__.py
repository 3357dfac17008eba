"""Machine translation engines, behind pluggable backends.

``FOREIGNDESK_MT_ENGINES`` is shaped like ``CACHES``: ``{"libre": {"BACKEND": "dotted.path",
"OPTIONS": {...}}}``. It is empty unless the admin configures an engine (in the settings, or with
the environment variables the README lists): no text leaves the desk by default. A backend
subclasses :class:`Engine` and implements :meth:`Engine.translate_batch`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.core.backends import backend_class, configured, options_of

from .base import (
    SETTING,
    BadResponse,
    Engine,
    EngineError,
    EngineTimeout,
    EngineUnreachable,
    KeyRefused,
    QuotaExceeded,
    RateLimited,
    RequestRefused,
    ServiceFailed,
    UnsupportedLanguage,
)

__all__ = [
    "SETTING",
    "BadResponse",
    "Engine",
    "EngineError",
    "EngineTimeout",
    "EngineUnreachable",
    "KeyRefused",
    "QuotaExceeded",
    "RateLimited",
    "RequestRefused",
    "ServiceFailed",
    "UnsupportedLanguage",
    "engine",
    "engine_from_config",
    "engines",
]


def engine_from_config(alias: str, config: dict[str, Any]) -> Engine:
    """Build the engine one entry of ``FOREIGNDESK_MT_ENGINES`` describes; a bad entry raises
    ImproperlyConfigured naming the setting, the alias and the problem."""
    if not isinstance(config, dict):
        raise ImproperlyConfigured(f"{SETTING}[{alias!r}] must be a dictionary with a BACKEND.")
    backend = backend_class(f"{SETTING}[{alias!r}]", config, Engine)
    options = options_of(f"{SETTING}[{alias!r}]", config)
    try:
        return backend(alias, options)
    except ImproperlyConfigured:
        raise
    except (TypeError, ValueError, AttributeError) as error:
        raise ImproperlyConfigured(f"{SETTING}[{alias!r}]: bad OPTIONS ({error}).") from error


def engine(alias: str) -> Engine:
    """The engine configured under ``alias``."""
    return engine_from_config(alias, configured(SETTING, alias))


def engines() -> dict[str, Engine]:
    """Every configured engine by alias, in the setting's order (none unless configured)."""
    entries = getattr(settings, SETTING, None) or {}
    return {alias: engine_from_config(alias, config) for alias, config in entries.items()}
