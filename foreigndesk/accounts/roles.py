"""The desk's roles: translator, editor and admin, each an auth group of permissions.

The groups and their permissions are created by a data migration
(``accounts/migrations/0002_roles.py``); what a role may do is checked through the permissions
(``user.has_perm``), never through the role's name, so that an admin can adapt a group without
changing code. The names here serve display, notification lists and tests.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

TRANSLATOR = "translator"
EDITOR = "editor"
ADMIN = "admin"

#: Every role, from the least to the most trusted.
ROLES = (TRANSLATOR, EDITOR, ADMIN)


def roles_of(user: Any) -> frozenset[str]:
    """The desk roles a user holds (a superuser holds every one; an anonymous user none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return frozenset(names)


def has_role(user: Any, role: str) -> bool:
    """Whether the user holds this desk role."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}: the desk's roles are {', '.join(ROLES)}.")
    return role in roles_of(user)


def users_with_role(role: str) -> QuerySet[Any]:
    """The active members of a role's group, e.g. the editors to tell of a submission."""
    return (
        get_user_model().objects.filter(groups__name=role, is_active=True).distinct().order_by("pk")
    )
