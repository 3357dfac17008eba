"""Rate limits on the pages a crowd or a script could hammer, answered with a clear 429.

The counting is django-ratelimit's (in the shared cache, so every web process counts together);
the rates are the ``RATE_LIMITS`` setting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.decorators import ratelimit


def limited(scope: str, *, key: str = "ip", method: Any = ratelimit.ALL) -> Callable[..., Any]:
    """Refuse a client past ``RATE_LIMITS[scope]`` requests (by address, or ``key="user"``)."""
    return ratelimit(
        group=f"foreigndesk.{scope}",
        key=key,
        rate=lambda group, request: settings.RATE_LIMITS[scope],
        method=method,
        block=True,
    )


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The answer to a request over its rate: 429, plain words, a time to come back."""
    response = HttpResponse(
        "Too many requests from here in a short time. Wait a minute and try again.\n",
        content_type="text/plain; charset=utf-8",
        status=429,
    )
    response["Retry-After"] = "60"
    return response
