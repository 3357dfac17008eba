"""Loading pluggable backends from settings shaped like ``CACHES``.

``{"default": {"BACKEND": "dotted.path.Class", "OPTIONS": {...}}}``: language identifiers, search
backends, and the engines to come load their class here, so that every bad entry is refused
with the same kind of message naming the setting.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

Backend = TypeVar("Backend")


class NotABackend(ImproperlyConfigured):
    """The setting names a class, but not one of the kind it configures."""


def configured(setting: str, alias: str = "default") -> dict[str, Any]:
    """One entry of a backends setting; refuses an alias it does not have."""
    entries = getattr(settings, setting, None) or {}
    if alias not in entries:
        raise ImproperlyConfigured(f"{setting} has no {alias!r} entry.")
    entry = entries[alias]
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"{setting}[{alias!r}] must be a dictionary with a BACKEND.")
    return entry


def backend_class(setting: str, config: dict[str, Any], base: type[Backend]) -> type[Backend]:
    """The class an entry names, checked to be a ``base``; a message names what is wrong."""
    try:
        loaded = import_string(config["BACKEND"])
    except (KeyError, ImportError) as error:
        raise ImproperlyConfigured(
            f"{setting}: cannot load BACKEND {config.get('BACKEND')!r} ({error})."
        ) from error
    if not (isinstance(loaded, type) and issubclass(loaded, base)):
        raise NotABackend(f"{setting}: {config['BACKEND']} is not a {base.__name__}.")
    return loaded


def options_of(setting: str, config: dict[str, Any]) -> dict[str, Any]:
    """The entry's ``OPTIONS`` (empty when absent); refuses anything but a dictionary."""
    options = config.get("OPTIONS") or {}
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f"{setting}: OPTIONS must be a dictionary.")
    return options
