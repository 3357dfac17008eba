"""System checks that name a bad intake setting at start-up rather than at the first import."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.core.http import parse_networks

from .language import identifier_from_config


@checks.register()
def check_intake_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """LANGUAGE_IDENTIFIERS loads, and FETCH_ALLOWED_NETWORKS lists networks."""
    errors: list[checks.CheckMessage] = []
    configured = getattr(settings, "LANGUAGE_IDENTIFIERS", {})
    if "default" not in configured:
        errors.append(
            checks.Error("LANGUAGE_IDENTIFIERS needs a 'default' entry.", id="intake.E001")
        )
    for alias, config in configured.items():
        try:
            identifier_from_config(config)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(f"{error} (alias {alias!r})", id="intake.E002"))
    try:
        parse_networks(getattr(settings, "FETCH_ALLOWED_NETWORKS", []))
    except ValueError as error:
        errors.append(checks.Error(str(error), id="intake.E003"))
    return errors
