"""System checks that name a bad workbench setting at start-up rather than at the first use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .checks import SETTING as QUALITY_SETTING
from .checks import check_from_config
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


@checks.register()
def check_quality_check_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Every entry of FOREIGNDESK_QUALITY_CHECKS loads (default: the checks of the package)."""
    entries = getattr(settings, QUALITY_SETTING, None)
    if entries is None:
        return []
    if not isinstance(entries, dict):
        return [
            checks.Error(f"{QUALITY_SETTING} must be a dictionary of checks.", id="workbench.E003")
        ]
    errors: list[checks.CheckMessage] = []
    for check_id, config in entries.items():
        try:
            check_from_config(check_id, config)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="workbench.E004"))
    return errors
