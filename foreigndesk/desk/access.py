"""Who may open the desk's pages: a login, a desk role, and the permission a page needs.

Roles are checked through their permissions (``accounts.roles``): every role holds
``newsroom.view_translation``, so it marks "someone the desk knows"; a page adds what its work
needs (``newsroom.triage_original`` for suggestions, ``intake.add_original`` for imports). What a
person may do on a page (a move, a comment) is then the action's own check.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

#: Held by every desk role: translator, editor, admin.
DESK_PERMISSION = "newsroom.view_translation"

#: Held by those who see everyone's work, not only the open queue and their own.
ALL_WORK_PERMISSION = "newsroom.review_translation"

View = Callable[..., HttpResponse]


def is_desk_member(user: Any) -> bool:
    """Whether the user holds a desk role."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(DESK_PERMISSION))


def sees_all_work(user: Any) -> bool:
    """Editors see every translation; translators the open queue and their own work."""
    return bool(user.has_perm(ALL_WORK_PERMISSION))


def desk_page(*permissions: str) -> Callable[[View], View]:
    """A desk view: anonymous visitors are sent to log in; a login without a desk role, or
    without one of ``permissions``, is refused (403)."""

    def decorator(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not is_desk_member(user):
                raise PermissionDenied("The desk's pages are for its translators and editors.")
            if not user.has_perms(permissions):
                raise PermissionDenied("Your role at the desk does not include this page.")
            response = view(request, *args, **kwargs)
            # Work in progress is nobody's to keep: not a browser's, not a shared cache's.
            patch_cache_control(response, private=True, no_store=True)
            return response

        return wrapper

    return decorator


#: The HTTP status of each kind of refusal (``WorkflowError.kind``).
REFUSAL_STATUS = {"invalid": 400, "conflict": 409, "forbidden": 403}


def refusal_status(error: Exception) -> int:
    """The status a page answers a refused write with: 403 not this person's to do, 409 the
    object is not (or no longer) as the page showed it, 400 what was given is wrong."""
    return REFUSAL_STATUS.get(getattr(error, "kind", "invalid"), 400)
