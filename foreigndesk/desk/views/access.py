"""Who may open the desk's translation pages, and how a refused write answers."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from foreigndesk.newsroom.editing import StaleEdit
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed, WorkflowError

View = Callable[..., HttpResponse]


def desk_staff(view: View) -> View:
    """The desk's translators and editors; anyone else is sent to log in, or refused (403)."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if not (user.is_staff and user.has_perm("newsroom.view_translation")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def status_of(error: WorkflowError) -> int:
    """The HTTP status of a refusal: 403 not allowed, 409 a conflict with the state or a newer
    save, else 400 (bad input)."""
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, StaleEdit | IllegalMove):
        return 409
    return 400
