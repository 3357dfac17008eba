"""Quality checks of a translation, as plug-ins.

``FOREIGNDESK_QUALITY_CHECKS`` is shaped like ``CACHES``: ``{"numbers": {"BACKEND":
"dotted.path", "OPTIONS": {...}}}``; each key is the check's id, which the desk's check rules
name. Without the setting, every check of this package runs (:data:`DEFAULT_CHECKS`). A check
subclasses :class:`Check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.core.backends import backend_class, options_of

from .base import SETTING, Check, Context, Finding, Unit

__all__ = [
    "DEFAULT_CHECKS",
    "SETTING",
    "Check",
    "Context",
    "Finding",
    "Unit",
    "check_from_config",
    "configured_checks",
    "run_checks",
]

_PACKAGE = "foreigndesk.workbench.checks"

#: The checks that run when the setting does not say otherwise, in the order they are listed.
DEFAULT_CHECKS: dict[str, dict[str, Any]] = {
    "empty": {"BACKEND": f"{_PACKAGE}.text.EmptyCheck"},
    "untranslated": {"BACKEND": f"{_PACKAGE}.text.UntranslatedCheck"},
    "numbers": {"BACKEND": f"{_PACKAGE}.numbers.NumbersCheck"},
    "glossary": {"BACKEND": f"{_PACKAGE}.terms.GlossaryCheck"},
    "forbidden": {"BACKEND": f"{_PACKAGE}.terms.ForbiddenVariantCheck"},
    "brackets": {"BACKEND": f"{_PACKAGE}.text.BracketsCheck"},
    "length": {"BACKEND": f"{_PACKAGE}.text.LengthCheck"},
    "names": {"BACKEND": f"{_PACKAGE}.names.NamesCheck"},
    "omission": {"BACKEND": f"{_PACKAGE}.text.OmissionCheck"},
}


def check_from_config(check_id: str, config: Any) -> Check:
    """Build the check one entry of the setting describes; a bad entry raises
    ImproperlyConfigured naming the setting, the id and the problem."""
    where = f"{SETTING}[{check_id!r}]"
    if not isinstance(config, dict):
        raise ImproperlyConfigured(f"{where} must be a dictionary with a BACKEND.")
    if not isinstance(check_id, str) or not check_id or len(check_id) > 50:
        raise ImproperlyConfigured(f"{where}: a check's id is a name of 1 to 50 characters.")
    backend = backend_class(where, config, Check)
    return backend(check_id, options_of(where, config))


def _entries() -> dict[str, Any]:
    entries = getattr(settings, SETTING, None)
    if entries is None:
        return DEFAULT_CHECKS
    if not isinstance(entries, dict):
        raise ImproperlyConfigured(f"{SETTING} must be a dictionary of checks.")
    return entries


def configured_checks() -> list[Check]:
    """Every configured check, in the setting's order."""
    return [check_from_config(check_id, config) for check_id, config in _entries().items()]


def run_checks(
    units: Sequence[Unit], context: Context, checks: Sequence[Check] | None = None
) -> list[Finding]:
    """Every finding of ``checks`` (the configured ones by default) on ``units``."""
    found: list[Finding] = []
    for check in configured_checks() if checks is None else checks:
        found.extend(check.check_article(units, context))
    return found
