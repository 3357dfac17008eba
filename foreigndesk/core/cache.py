"""Whole-page caching of anonymous reader pages, invalidated by a generation number.

Any change readers could see (publishing, an edit, a correction, a withdrawal, an outlet or topic
renamed) bumps the generation after the transaction commits, which retires every cached page at
once: the article itself and every box on other pages that lists it. Pages also expire after
``FOREIGNDESK_PAGE_CACHE_SECONDS`` so that "Hot this week" moves during the day.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

GENERATION_KEY = "foreigndesk:page-generation"


# Each process remembers the generation for a moment: a page served from the cache then costs
# one cache read, not two. A change made in this process is seen at once; one made by another
# process shows here within GENERATION_MEMO_SECONDS.
GENERATION_MEMO_SECONDS = 1.0
_memo: tuple[int, int, float] = (0, 0, 0.0)  # (cache backend, generation, valid until)


def page_generation() -> int:
    """The current generation of cached pages and boxes; bumped by every visible change."""
    backend, remembered, until = _memo
    if backend == id(caches["default"]) and time.monotonic() < until:
        return remembered
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    _remember(int(value))
    return int(value)


def _remember(value: int) -> None:
    global _memo
    _memo = (id(caches["default"]), value, time.monotonic() + GENERATION_MEMO_SECONDS)


def invalidate_pages() -> None:
    """Retire every cached page now."""
    try:
        value = cache.incr(GENERATION_KEY)
    except ValueError:
        value = 2
        cache.set(GENERATION_KEY, value, timeout=None)
    _remember(int(value))


def invalidate_pages_on_commit(**_: Any) -> None:
    """Retire every cached page once the current transaction commits (usable as a receiver)."""
    transaction.on_commit(invalidate_pages)


def _cacheable(request: HttpRequest) -> bool:
    # A session cookie means a logged-in editor: they see fresh pages and never fill the cache.
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


#: The query parameters reader pages read: a listing's page, an article's reading mode.
READER_PARAMETERS = frozenset({"page", "mode"})


def _page_key(request: HttpRequest, parameters: frozenset[str]) -> str | None:
    """The cache key of a request, or None when it must not be cached: a query parameter the
    page does not read (``?utm_source=``, a random cache-buster) would store a copy per value."""
    if any(name not in parameters for name in request.GET):
        return None
    return page_key(request.scheme, request.get_host, request.path, request.GET)


def page_key(scheme: str, host: Callable[[], str], path: str, query: QueryDict) -> str:
    """The key of a page by its address; shared with the WSGI fast path (``pageserve``), which
    must find what this module stored. ``host`` is called only when the key needs it."""
    pairs = "&".join(f"{name}={value}" for name in sorted(query) for value in query.getlist(name))
    # Without a configured site address, pages build their canonical URLs from the request:
    # a copy made for one host or scheme must not be served to another.
    origin = "" if settings.SITE_URL else f"{scheme}://{host()}"
    address = f"{origin}{path}?{pairs}"
    return hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


def entry_key(page: str) -> str:
    """The cache key of a page's stored answer in the current generation."""
    return f"foreigndesk:page:{page_generation()}:{page}"


def _shared_cache_control(response: HttpResponse) -> None:
    """Headers for browsers and a cache tier in front: a successful page may be kept by shared
    caches ``s-maxage``, served stale while it is fetched again, and served stale when the site
    fails; other answers are kept no longer than a browser keeps them."""
    if response.status_code == 200:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_MAX_AGE,
            s_maxage=settings.SHARED_CACHE_MAX_AGE,
            stale_while_revalidate=settings.STALE_WHILE_REVALIDATE,
            stale_if_error=settings.STALE_IF_ERROR,
        )
    else:
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)


def _etag_of(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'


def _validated(
    request: HttpRequest, response: HttpResponse, etag: str, modified: float | None
) -> HttpResponse:
    """The response with its validators, or 304 Not Modified when the request's conditions say
    the reader has it (Django's conditional-request rules; malformed conditions are ignored)."""
    if response.status_code != 200:
        return response
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=int(modified) if modified is not None else None,
        response=response,
    )


def shared_response(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An anonymous answer not kept in the page cache (a feed, built from cached fragments) with
    the same headers for browsers and a cache tier: freshness, an ETag of its bytes, 304s."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_store=True)
        return response
    _shared_cache_control(response)
    return _validated(request, response, _etag_of(response.content), None)


def cached_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    parameters: frozenset[str] = READER_PARAMETERS,
) -> Any:
    """Serve an anonymous GET of this view from the page cache, filling it on a miss.

    Only requests whose query parameters are among ``parameters`` are cached; others are
    rendered afresh (and never stored). Every anonymous answer carries the headers a cache tier
    needs (``s-maxage``, ``stale-while-revalidate``, ``stale-if-error``) and validators (an
    ``ETag`` of the bytes, ``Last-Modified`` when they were rendered), and a conditional request
    for the bytes the reader has is answered 304. A logged-in person's pages are private.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                response = view(request, *args, **kwargs)
                if settings.SESSION_COOKIE_NAME in request.COOKIES:
                    patch_cache_control(response, private=True, no_store=True)
                return response
            page_key = _page_key(request, parameters)
            if page_key is None:
                response = view(request, *args, **kwargs)
                response["X-Page-Cache"] = "bypass"
                _shared_cache_control(response)
                return _validated(request, response, _etag_of(response.content), time.time())
            key = entry_key(page_key)
            stored = cache.get(key)
            if stored is not None and len(stored) == 5:
                status, content_type, content, etag, modified = stored
                response = HttpResponse(content, content_type=content_type, status=status)
                response["X-Page-Cache"] = "hit"
            else:
                response = view(request, *args, **kwargs)
                etag, modified = _etag_of(response.content), time.time()
                if response.status_code in (200, 404) and not response.cookies:
                    cache.set(
                        key,
                        (
                            response.status_code,
                            response["Content-Type"],
                            response.content,
                            etag,
                            modified,
                        ),
                        settings.PAGE_CACHE_SECONDS,
                    )
                response["X-Page-Cache"] = "miss"
            _shared_cache_control(response)
            final = _validated(request, response, etag, modified)
            if response["X-Page-Cache"] == "hit":
                # Marks the answer for the WSGI fast path, which keeps the headers Django's
                # middleware gives a hit and replays them (see ``pageserve``).
                final.page_cache_hit = (key, etag, modified)  # type: ignore[attr-defined]
            return final

        return wrapper

    return decorate(view) if view is not None else decorate
