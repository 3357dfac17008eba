"""Cached reader pages served before Django's middleware: a WSGI wrapper around the site.

A page-cache hit inside Django still runs every middleware (sessions, CSRF, security headers,
CSP...) and the URL resolver; for a reader without cookies all of that gives the same answer each
time. :class:`PageCacheApplication` therefore keeps, beside each page the page cache stored, the
status line and headers Django's middleware gave a *hit* on that page (per scheme, for 200 and
304), and replays them with the stored bytes. Anything it is not sure about goes to Django:

- a method other than GET or HEAD, a session or CSRF cookie (an editor, a form), ``If-Match`` or
  ``If-Unmodified-Since`` (preconditions Django answers with 412), a host Django would refuse;
- a page not in the cache, or whose headers were not recorded yet (its first two requests:
  the miss that stores the page, then the hit whose headers are recorded);
- a 404 or any answer a middleware changed (a redirect of a former address, an HTTPS redirect):
  only answers that are the page cache's own hit, untouched in status, are recorded.

Conditional requests are answered 304 by Django's rules (``If-None-Match`` first, weakly
compared; ``If-Modified-Since`` only without it; a malformed header is ignored) with the headers
Django's 304 for that page carried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.utils.http import parse_etags, parse_http_date_safe

from .cache import entry_key, page_key

StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Headers = list[tuple[str, str]]

#: The statuses whose headers are recorded and replayed.
REPLAYED = {200: "200 OK", 304: "304 Not Modified"}


def headers_key(entry: str, scheme: str) -> str:
    """Where the headers recorded for a stored page and a scheme are kept."""
    return f"{entry}:headers:{scheme}"


class PageCacheApplication:
    """Answers anonymous GET and HEAD requests for cached pages without entering Django; passes
    every other request to ``application`` and records the headers of its page-cache hits."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = self._reader_request(environ)
        if request is None:
            return self.application(environ, start_response)
        key = entry_key(page_key(request.scheme, request.get_host, request.path, request.GET))
        head_key = headers_key(key, request.scheme)
        found = cache.get_many([key, head_key])
        stored, recorded = found.get(key), found.get(head_key)
        if stored is not None and recorded is not None and len(stored) == 5:
            answer = self._replay(request, stored, recorded)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self._through_django(environ, start_response, request, head_key, recorded)

    @staticmethod
    def _reader_request(environ: dict[str, Any]) -> WSGIRequest | None:
        """The request when the fast path may answer it (a reader's GET or HEAD), else None."""
        if settings.PAGE_CACHE_SECONDS <= 0 or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ:
            return None
        request = WSGIRequest(environ)
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies:
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        return request

    @staticmethod
    def _replay(
        request: WSGIRequest, stored: tuple[Any, ...], recorded: dict[int, tuple[Any, Headers]]
    ) -> tuple[str, Headers, bytes] | None:
        """The status, headers and body of a hit, or None when Django must answer it."""
        status, _content_type, content, etag, modified = stored
        if status != 200 or 200 not in recorded:
            return None
        code = 304 if _not_modified(request, etag, modified) else 200
        if code not in recorded:
            return None
        stamp, headers = recorded[code]
        # The headers belong to the stored render they were recorded with (its ETag and time).
        if stamp != (etag, modified):
            return None
        body = content if code == 200 and request.method == "GET" else b""
        return REPLAYED[code], headers, body

    def _through_django(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        request: WSGIRequest,
        head_key: str,
        recorded: dict[int, tuple[Any, Headers]] | None,
    ) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def remember(status: str, headers: Headers, *args: Any) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, *args)

        response = self.application(environ, remember)
        hit = getattr(response, "page_cache_hit", None)
        code = int(seen.get("status", "0")[:3] or 0)
        if (
            hit is not None
            and request.method == "GET"
            and code in REPLAYED
            and seen.get("status") == REPLAYED[code]
            and not any(name.lower() == "set-cookie" for name, _ in seen["headers"])
        ):
            _key, etag, modified = hit
            headers = {**(recorded or {}), code: ((etag, modified), list(seen["headers"]))}
            cache.set(head_key, headers, settings.PAGE_CACHE_SECONDS)
        return response


def _not_modified(request: WSGIRequest, etag: str, modified: float | None) -> bool:
    """Whether Django's conditional-request rules answer this request 304 for a page with this
    ETag and time (``If-Match`` and ``If-Unmodified-Since`` never come this far)."""
    meta = request.META
    if_none_match = parse_etags(meta.get("HTTP_IF_NONE_MATCH", ""))
    if if_none_match:
        if if_none_match == ["*"]:
            return True
        return etag.strip("W/") in (candidate.strip("W/") for candidate in if_none_match)
    since = meta.get("HTTP_IF_MODIFIED_SINCE")
    since_time = since and parse_http_date_safe(since)
    if since_time and modified is not None:
        return int(modified) <= since_time
    return False
