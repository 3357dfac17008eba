"""Writes of the desk's people: contributor profiles met in imports and loads, two-factor
enrolments."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from foreigndesk.core.actions import unique_slug

from .models import Contributor
from .roles import ROLES
from .two_factor import TwoFactorError, confirmed_device, matching_step, verify_code


def contributor_named(name: str, *, match_case: bool = False) -> Contributor:
    """The contributor with this public name, created without a login when missing.

    Names match in any case unless ``match_case`` (a load of an export keeps two people whose
    names differ only in case apart, as they were).
    """
    lookup = {"name": name} if match_case else {"name__iexact": name}
    existing = Contributor.objects.filter(**lookup).first()
    if existing:
        return existing
    return Contributor.objects.create(
        name=name[:150], slug=unique_slug(Contributor, name, limit=150)
    )


def ensure_role_groups() -> None:
    """Create the role groups with their permissions when any is missing, as the roles
    migration does (a database emptied since, by a flush, has lost them)."""
    if Group.objects.filter(name__in=ROLES).count() == len(ROLES):
        return
    migration = importlib.import_module("foreigndesk.accounts.migrations.0002_roles")
    migration.create_roles(apps, SimpleNamespace(connection=connection))


@transaction.atomic
def enrol_authenticator(*, user: Any, key: str, code: str) -> TOTPDevice:
    """Enrol the authenticator app that shows ``code`` for ``key`` as the person's second
    factor. The first code is spent by the enrolment (it cannot log in again); a wrong code,
    or a person already enrolled, is refused with a TwoFactorError and nothing is stored."""
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    if confirmed_device(locked) is not None:
        raise TwoFactorError(
            "An authenticator app is already enrolled: remove it first to enrol another."
        )
    step = matching_step(key, code)
    TOTPDevice.objects.filter(user=locked).delete()
    return TOTPDevice.objects.create(
        user=locked, name="Authenticator app", key=key, confirmed=True, last_t=step
    )


def remove_authenticator(*, user: Any, code: str) -> None:
    """Remove the person's authenticator, proven by a current code from it (a stolen session
    alone cannot turn two factors off); a TwoFactorError when the code is refused. A wrong
    code counts towards the device's throttling, as at login, and removes nothing."""
    device = confirmed_device(user)
    if device is None:
        raise TwoFactorError("No authenticator app is enrolled for this account.")
    verify_code(device, code)
    TOTPDevice.objects.filter(user=user).delete()


def reset_two_factor(*, username: str) -> int:
    """Remove every authenticator of the account ``username`` (one who lost their phone), the
    number removed; a TwoFactorError naming the problem when there is no such account."""
    account = get_user_model().objects.filter(username=username).first()
    if account is None:
        raise TwoFactorError(f"There is no account named {username!r}.")
    removed, _ = TOTPDevice.objects.filter(user=account).delete()
    return int(removed)
