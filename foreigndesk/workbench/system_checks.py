"""System checks that name a bad workbench setting at start-up rather than at the first use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .engines import SETTING, engine_from_config


@checks.register()
def check_engine_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every entry of FOREIGNDESK_MT_ENGINES loads (no request is made to the engines)."""
    entries = getattr(settings, SETTING, None) or {}
    if not isinstance(entries, dict):
        return [checks.Error(f"{SETTING} must be a dictionary of engines.", id="workbench.E001")]
    errors: list[checks.CheckMessage] = []
    for alias, config in entries.items():
        try:
            engine_from_config(alias, config)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="workbench.E002"))
    return errors
