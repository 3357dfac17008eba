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

Each process also keeps, for ``GENERATION_MEMO_SECONDS``, the stored answers it replayed, by the
request's scheme, host, path and parameters: a hit then reads nothing from the cache. A change made
in this process is seen at once (its generation and tag versions are checked on every hit); one
made by another process shows within that moment, as for every other cached page.

Conditional requests are answered 304 by Django's rules (``If-None-Match`` first, weakly
compared; ``If-Modified-Since`` only without it; a malformed header is ignored) with the headers
Django's 304 for that page carried.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.http import QueryDict
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils.http import parse_etags, parse_http_date_safe

from .cache import (
    GENERATION_MEMO_SECONDS,
    entry_key,
    page_generation,
    page_key,
    query_pairs,
    still_current,
)

StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Headers = list[tuple[str, str]]

#: The statuses whose headers are recorded and replayed.
REPLAYED = {200: "200 OK", 304: "304 Not Modified"}
#: Hosts remembered as allowed or refused; past this many, new ones are checked each time.
HOSTS_REMEMBERED = 256
#: Pages whose recorded headers a process keeps in memory (then it starts again).
HEADERS_REMEMBERED = 10_000
#: Bytes of stored pages a process keeps at hand for the moment it may reuse them (then it starts
#: again): a burst on a few pages is served from memory, a crawl does not grow the process.
ANSWERS_KEPT_BYTES = 4_000_000


def headers_key(entry: str, scheme: str) -> str:
    """Where the headers recorded for a stored page and a scheme are kept."""
    return f"{entry}:headers:{scheme}"


@dataclass(frozen=True)
class Reader:
    """What the page key and the conditions of a reader's request need."""

    method: str
    scheme: str
    host: str
    path: str
    pairs: str


@dataclass(frozen=True)
class _Kept:
    """A stored answer this process replayed, reused until ``until`` in the same generation."""

    until: float
    generation: int
    key: str
    stored: tuple[Any, ...]
    recorded: dict[int, tuple[Any, Headers]]


@dataclass(frozen=True)
class _Settings:
    """The settings the fast path reads, taken once: reading Django's settings object costs
    more than the rest of a hit."""

    seconds: int
    site_url: str
    cookies: frozenset[str]
    allowed_hosts: tuple[str, ...]
    proxy_ssl_header: tuple[str, str] | None
    simple: bool  # no forwarded host, no forced script name: the path and host are as sent

    @classmethod
    def read(cls) -> _Settings:
        allowed = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not allowed:
            allowed = [".localhost", "127.0.0.1", "[::1]"]  # as Django allows when debugging
        return cls(
            seconds=settings.PAGE_CACHE_SECONDS,
            site_url=settings.SITE_URL,
            cookies=frozenset({settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}),
            allowed_hosts=tuple(allowed),
            proxy_ssl_header=settings.SECURE_PROXY_SSL_HEADER,
            simple=not settings.USE_X_FORWARDED_HOST and settings.FORCE_SCRIPT_NAME is None,
        )


class PageCacheApplication:
    """Answers anonymous GET and HEAD requests for cached pages without entering Django; passes
    every other request to ``application`` and records the headers of its page-cache hits."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application
        self._settings: _Settings | None = None
        self._hosts: dict[str, bool] = {}
        self._headers: dict[str, dict[int, tuple[Any, Headers]]] = {}
        self._kept: dict[tuple[str, str, str, str], _Kept] = {}
        self._kept_bytes = 0
        setting_changed.connect(self._forget_settings, weak=False)

    def _forget_settings(self, **_: Any) -> None:
        self._settings = None
        self._hosts = {}
        self._headers = {}
        self._kept, self._kept_bytes = {}, 0

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self._settings is None:
            self._settings = _Settings.read()
        reader = self._reader(environ, self._settings)
        if reader is None:
            return self.application(environ, start_response)
        address = (reader.scheme, reader.host, reader.path, reader.pairs)
        generation = page_generation()
        kept = self._kept.get(address)
        if kept is not None:
            if kept.until > time.monotonic() and kept.generation == generation:
                answer = _replay(environ, reader, kept.key, kept.stored, kept.recorded)
                if answer is not None:
                    return _answer(start_response, answer)
            self._forget_answer(address)
        page = page_key(
            reader.scheme, lambda: reader.host, reader.path, reader.pairs, self._settings.site_url
        )
        key = entry_key(page, generation)
        head_key = headers_key(key, reader.scheme)
        backend = caches["default"]
        stored = backend.get(key)
        recorded = None
        if stored is not None and len(stored) == 6:
            # Recorded headers change only with the entry: each process keeps those it read.
            recorded = self._headers.get(head_key)
            if recorded is None or not _recorded_for(stored, recorded):
                recorded = backend.get(head_key)
                if recorded is not None:
                    self._remember_headers(head_key, recorded)
            if recorded is not None:
                answer = _replay(environ, reader, key, stored, recorded)
                if answer is not None:
                    self._keep_answer(
                        address,
                        _Kept(
                            time.monotonic() + GENERATION_MEMO_SECONDS,
                            generation,
                            key,
                            stored,
                            recorded,
                        ),
                    )
                    return _answer(start_response, answer)
        return self._through_django(environ, start_response, reader, head_key, recorded)

    def _keep_answer(self, address: tuple[str, str, str, str], kept: _Kept) -> None:
        size = len(kept.stored[2])
        if self._kept_bytes + size > ANSWERS_KEPT_BYTES:
            now = time.monotonic()
            for stale in [where for where, old in self._kept.items() if old.until <= now]:
                self._forget_answer(stale)
            if self._kept_bytes + size > ANSWERS_KEPT_BYTES:
                self._kept, self._kept_bytes = {}, 0
        self._forget_answer(address)
        self._kept[address] = kept
        self._kept_bytes += size

    def _forget_answer(self, address: tuple[str, str, str, str]) -> None:
        old = self._kept.pop(address, None)
        if old is not None:
            self._kept_bytes -= len(old.stored[2])

    def _remember_headers(self, head_key: str, recorded: dict[int, tuple[Any, Headers]]) -> None:
        if len(self._headers) >= HEADERS_REMEMBERED:
            self._headers.clear()
        self._headers[head_key] = recorded

    def _reader(self, environ: dict[str, Any], config: _Settings) -> Reader | None:
        """The request when the fast path may answer it (a reader's GET or HEAD), else None."""
        method = environ.get("REQUEST_METHOD")
        if config.seconds <= 0 or method not in ("GET", "HEAD"):
            return None
        if "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ:
            return None
        cookie = environ.get("HTTP_COOKIE")
        if cookie and not config.cookies.isdisjoint(parse_cookie(cookie)):
            return None
        path = environ.get("PATH_INFO") or "/"
        host = environ.get("HTTP_HOST")
        plain = path.isascii() and path.startswith("/") and not environ.get("SCRIPT_NAME")
        if not (config.simple and host and plain):
            return _reader_by_django(environ)  # the unusual cases, exactly as Django reads them
        allowed = self._hosts.get(host)
        if allowed is None:
            domain, _port = split_domain_port(host)
            allowed = bool(domain) and validate_host(domain, config.allowed_hosts)
            if len(self._hosts) < HOSTS_REMEMBERED:
                self._hosts[host] = allowed
        if not allowed:
            return None  # Django answers 400
        query = environ.get("QUERY_STRING")
        return Reader(
            method=method,
            scheme=_scheme(environ, config.proxy_ssl_header),
            host=host,
            path=path,
            pairs=query_pairs(QueryDict(query.encode("latin-1"))) if query else "",
        )

    def _through_django(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        reader: Reader,
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
            and reader.method == "GET"
            and code in REPLAYED
            and seen.get("status") == REPLAYED[code]
            and not any(name.lower() == "set-cookie" for name, _ in seen["headers"])
        ):
            _key, etag, modified = hit
            if recorded is None or not all(
                stamp == (etag, modified) for stamp, _ in recorded.values()
            ):
                recorded = {}  # headers of an earlier render of the page
            headers = {**recorded, code: ((etag, modified), list(seen["headers"]))}
            caches["default"].set(head_key, headers, settings.PAGE_CACHE_SECONDS)
            self._remember_headers(head_key, headers)
        return response


def _answer(start_response: StartResponse, answer: tuple[str, Headers, bytes]) -> list[bytes]:
    status, headers, body = answer
    start_response(status, headers)
    return [body]


def _scheme(environ: dict[str, Any], proxy_ssl_header: tuple[str, str] | None) -> str:
    """The request's scheme as ``HttpRequest.scheme`` says it."""
    if proxy_ssl_header:
        header, secure = proxy_ssl_header
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure else "http"
    return str(environ.get("wsgi.url_scheme", "http"))


def _reader_by_django(environ: dict[str, Any]) -> Reader | None:
    # On a copy: Django's request writes the decoded path back into the environ it is given, and
    # Django's own request, made next from the same environ, would then fail to read a path that
    # is not Latin-1 (any address with a character beyond it answered 500).
    request = WSGIRequest(dict(environ))
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return Reader(
        method=request.method or "GET",
        scheme=request.scheme,
        host=host,
        path=request.path,
        pairs=query_pairs(request.GET),
    )


def _recorded_for(stored: tuple[Any, ...], recorded: dict[int, tuple[Any, Headers]]) -> bool:
    """Whether the recorded headers belong to this render of the page (its ETag and time)."""
    first = recorded.get(200)
    return first is not None and first[0] == (stored[3], stored[4])


def _replay(
    environ: dict[str, Any],
    reader: Reader,
    key: str,
    stored: tuple[Any, ...],
    recorded: dict[int, tuple[Any, Headers]],
) -> tuple[str, Headers, bytes] | None:
    """The status, headers and body of a hit, or None when Django must answer it."""
    status, _content_type, content, etag, modified, versions = stored
    if status != 200 or 200 not in recorded or not still_current(versions, (key, etag)):
        return None
    code = 304 if _not_modified(environ, etag, modified) else 200
    if code not in recorded:
        return None
    stamp, headers = recorded[code]
    # The headers belong to the stored render they were recorded with (its ETag and time).
    if stamp != (etag, modified):
        return None
    body = content if code == 200 and reader.method == "GET" else b""
    return REPLAYED[code], headers, body


def _not_modified(environ: dict[str, Any], etag: str, modified: float | None) -> bool:
    """Whether Django's conditional-request rules answer this request 304 for a page with this
    ETag and time (``If-Match`` and ``If-Unmodified-Since`` never come this far)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    etags = parse_etags(if_none_match) if if_none_match else []
    if etags:
        if etags == ["*"]:
            return True
        return etag.strip("W/") in (candidate.strip("W/") for candidate in etags)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    since_time = since and parse_http_date_safe(since)
    if since_time and modified is not None:
        return int(modified) <= since_time
    return False
