"""The database unreachable: a clear page instead of a server error.

A request whose database connection fails (the server stopped, restarted or cut the connection)
is answered with a 503 saying that nothing was saved, with the text the person sent shown back
so that it is not lost, and a ``Retry-After``. Writes are made in transactions, so a save cut
short leaves nothing half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

#: Form fields that are not the person's words.
NOT_TEXT = {"csrfmiddlewaretoken", "revision", "version", "row", "kind", "key", "save", "next"}
#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into the "nothing was saved" page (503)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unreachable(exception):
            return None
        logger.error("The database is unreachable: %s", exception)
        return database_unavailable(request)


def is_database_unreachable(exception: BaseException | None) -> bool:
    """Whether an error is the database connection failing (not a query refused)."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page: nothing saved, the person's text shown back, try again shortly.

    Also the site's 500 handler's answer when the connection failed before a view ran (in a
    middleware that reads the session or the user)."""
    kept: list[tuple[str, str]] = []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if name not in NOT_TEXT:
                kept += [(name, value) for value in values if value.strip()]
    response = render(
        request, "503.html", {"kept": kept, "was_save": request.method == "POST"}, status=503
    )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
