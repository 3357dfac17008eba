"""Whole-page caching of anonymous reader pages, retired by tags when what they show changes.

A page or fragment declares, while it is rendered, the tags of what it shows (:func:`depends_on`):
its own address (``path:/countries/fr/``), each article it shows, each box it embeds. Every tag
has a version in the cache; an entry keeps the versions its tags had when it was rendered and is
served only while none has changed. A change bumps the versions of the tags it touches after the
transaction commits (:func:`invalidate_tags`), so publishing an article retires its page, the
listings and feeds it appears in and the boxes that show it, and leaves the rest cached. A
fragment that declares nothing depends on :data:`EVERY_CHANGE`, bumped by every visible change.

Rare changes that show everywhere (an outlet or a topic renamed) bump one site-wide generation,
part of every key (:func:`invalidate_pages`). Pages also expire after
``FOREIGNDESK_PAGE_CACHE_SECONDS`` so that "Hot this week" moves during the day.

Each process remembers the generation and the versions of tags it read for
``GENERATION_MEMO_SECONDS``, so that a hit costs dictionary look-ups rather than cache reads: a
change made in this process is seen at once; one made in another process is seen here within
that bound (and a cache tier is purged only after it, see ``reader.receivers``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .frontend_cache import SURROGATE_HEADER, surrogate_key

GENERATION_KEY = "foreigndesk:page-generation"


# Each process remembers the generation for a moment: a page served from the cache then costs
# one cache read, not two. A change made in this process is seen at once; one made by another
# process shows here within GENERATION_MEMO_SECONDS.
GENERATION_MEMO_SECONDS = 1.0
_memo: tuple[int, int, float] = (0, 0, 0.0)  # (unused, generation, valid until)


def page_generation() -> int:
    """The current generation of cached pages and boxes; bumped by every visible change."""
    _, remembered, until = _memo
    if time.monotonic() < until:
        return remembered
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    _remember(int(value))
    return int(value)


def _remember(value: int) -> None:
    global _memo
    _memo = (0, value, time.monotonic() + GENERATION_MEMO_SECONDS)


#: What processes keep while a page generation lasts, by name: (generation, values).
_generation_memos: dict[str, tuple[int, dict[Any, Any]]] = {}


def generation_memo(name: str) -> dict[Any, Any]:
    """A dictionary this process keeps under ``name`` for as long as the page generation lasts.

    What a change retires every page for (a country, an outlet, a topic or a language saved)
    can be kept here instead of read again for every request: the dictionary is empty again
    once the generation has changed (seen here within GENERATION_MEMO_SECONDS of a change made
    by another process), and when the process forgets what it remembers. Read the generation
    before the data: a value read during a change is then kept under the generation the change
    retires.
    """
    generation = page_generation()
    kept = _generation_memos.get(name)
    if kept is None or kept[0] != generation:
        kept = (generation, {})
        _generation_memos[name] = kept
    return kept[1]


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


#: The tag of fragments and pages that say nothing finer of what they show.
EVERY_CHANGE = "every-change"
#: Tag versions remembered by this process: tag -> (version, valid until).
_tag_memo: dict[str, tuple[str, float]] = {}
#: Past this many remembered tags the memo starts again (a bound on memory, not a policy).
TAG_MEMO_LIMIT = 100_000
#: The tags being collected by the renders in progress, outermost first.
_collectors: ContextVar[tuple[dict[str, str], ...]] = ContextVar("page_cache_tags", default=())


def path_tag(path: str) -> str:
    """The tag of the page (and its later pages) at an address."""
    return f"path:{path}"


#: The longest tag kept readable in its version's key; memcached refuses keys over 250 bytes.
READABLE_TAG_LIMIT = 160
#: What memcached refuses in a key: spaces and control characters.
_UNFIT_FOR_A_KEY = re.compile(r"[\x00-\x20\x7f]")


def _version_key(tag: str) -> str:
    # A tag holds any address a reader typed, spaces and control characters included. Such a
    # tag, or a long one, is keyed by its digest, so that every cache backend takes the key.
    encoded = tag.encode()
    if len(encoded) > READABLE_TAG_LIMIT or _UNFIT_FOR_A_KEY.search(tag):
        return "foreigndesk:tag#" + hashlib.sha256(encoded).hexdigest()
    return f"foreigndesk:tag:{tag}"


def _new_version() -> str:
    # Random rather than counted: a version lost from the cache (evicted) must come back as a
    # value no stored entry holds, or entries from before the loss would look current again.
    return os.urandom(6).hex()


def _memo_of_backend() -> dict[str, tuple[str, float]]:
    if len(_tag_memo) > TAG_MEMO_LIMIT:
        _tag_memo.clear()
    return _tag_memo


def forget_remembered(**_: Any) -> None:
    """Forget the generation and tag versions this process remembers (another cache in use)."""
    global _memo
    _memo = (0, 0, 0.0)
    _tag_memo.clear()
    _checked.clear()
    _generation_memos.clear()


# A test that swaps the cache for another must not be served what this process remembers of
# the first: the memos are not checked against the backend on every hit, to keep hits cheap.
setting_changed.connect(
    lambda setting, **kwargs: forget_remembered() if setting == "CACHES" else None,
    weak=False,
    dispatch_uid="page-cache-forget",
)


def tag_versions(tags: Iterable[str], *, fresh: bool = False) -> dict[str, str]:
    """The current version of each tag: remembered ones from memory, the rest in one read
    (all of them with ``fresh``, for a decision that must not rest on another process's
    change seen late)."""
    memo = _memo_of_backend()
    now = time.monotonic()
    found: dict[str, str] = {}
    unknown: list[str] = []
    for tag in tags:
        remembered = memo.get(tag)
        if not fresh and remembered is not None and remembered[1] > now:
            found[tag] = remembered[0]
        else:
            unknown.append(tag)
    if unknown:
        keys = {tag: _version_key(tag) for tag in unknown}
        stored = cache.get_many(list(keys.values()))
        until = now + GENERATION_MEMO_SECONDS
        for tag, key in keys.items():
            version = stored.get(key)
            if version is None:
                # First use (or evicted): another process may be adding one at the same moment.
                cache.add(key, _new_version(), timeout=None)
                version = cache.get(key)
                if version is None:  # a cache that keeps nothing: nothing can be current
                    version = _new_version()
            found[tag] = version
            memo[tag] = (version, until)
    return found


#: Entries (by key and ETag) found current, and until when that holds: the earliest moment one
#: of their remembered tag versions expires. A bump in this process forgets them all.
_checked: dict[tuple[str, str], float] = {}


def still_current(versions: dict[str, str], entry: tuple[str, str] | None = None) -> bool:
    """Whether no tag of an entry has changed since it was stored (the hit path: no cache
    read at all while the process remembers every tag). With ``entry`` (its key and ETag) the
    answer is remembered as long as the versions it rests on are."""
    now = time.monotonic()
    if entry is not None and _checked.get(entry, 0.0) > now:
        return True
    memo = _memo_of_backend()
    until = now + GENERATION_MEMO_SECONDS
    for tag, version in versions.items():
        remembered = memo.get(tag)
        if remembered is None or remembered[1] <= now:
            return tag_versions(versions) == versions
        if remembered[0] != version:
            return False
        until = min(until, remembered[1])
    if entry is not None:
        if len(_checked) > TAG_MEMO_LIMIT:
            _checked.clear()
        _checked[entry] = until
    return True


def _declare(versions: dict[str, str]) -> None:
    for collected in _collectors.get():
        for tag, version in versions.items():
            # The first version seen is kept: it was read before the data it covers.
            collected.setdefault(tag, version)


def depends_on(*tags: str) -> None:
    """Declare that what is being rendered shows these tags' subjects. Call it before reading
    the data they cover: a change committed in between then retires the entry at once."""
    if _collectors.get():
        _declare(tag_versions(tags))


@contextlib.contextmanager
def collecting() -> Iterator[dict[str, str]]:
    """Collect the tags (with their versions) declared inside the block, nested renders
    included; an enclosing collection receives them too."""
    mine: dict[str, str] = {}
    token = _collectors.set((*_collectors.get(), mine))
    try:
        yield mine
    finally:
        _collectors.reset(token)


def cached_with_tags(key: str, render: Callable[[], Any], seconds: int) -> Any:
    """The value stored at ``key`` while its tags are current, else rendered (collecting the
    tags it declares, or :data:`EVERY_CHANGE` when it declares none) and stored."""
    stored = cache.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and still_current(stored[1]):
        _declare(stored[1])
        return stored[0]
    every = tag_versions([EVERY_CHANGE])
    with collecting() as versions:
        value = render()
    versions = versions or every
    _declare(versions)
    cache.set(key, (value, versions), seconds)
    return value


#: Sent with ``tags`` once :func:`invalidate_tags` has retired them, for the reader site to purge
#: the cache tier in front of the pages filed under their surrogate keys.
tags_retired = Signal()


def new_versions(tags: Iterable[str]) -> dict[str, str]:
    """Versions for these tags that no entry holds yet, to record something under them before
    :func:`invalidate_tags` makes them current."""
    return {tag: _new_version() for tag in set(tags)}


#: A tag no version of which is ever current: see :func:`outdated`.
_OUTDATED = "outdated"


def outdated() -> None:
    """Declare that what is being rendered read data older than a version it rests on (a change
    committed while it rendered): it is stored with a version that is never current, so the
    next request renders it again, and so does every entry that contains it."""
    if _collectors.get():
        _declare({_OUTDATED: "never"})


def invalidate_tags(tags: Iterable[str], versions: dict[str, str] | None = None) -> None:
    """Retire now every entry that depends on any of these tags (their new versions are
    ``versions`` when given, from :func:`new_versions`)."""
    fresh = new_versions(tags)
    fresh.update({tag: version for tag, version in (versions or {}).items() if tag in fresh})
    if not fresh:
        return
    cache.set_many({_version_key(tag): version for tag, version in fresh.items()}, timeout=None)
    _checked.clear()
    memo = _memo_of_backend()
    until = time.monotonic() + GENERATION_MEMO_SECONDS
    memo.update({tag: (version, until) for tag, version in fresh.items()})
    tags_retired.send(sender=invalidate_tags, tags=sorted(fresh))


def surrogate_keys(versions: dict[str, str]) -> str:
    """The ``Surrogate-Key`` header of a page resting on these tags."""
    return " ".join(sorted(surrogate_key(tag) for tag in versions))


def invalidate_tags_on_commit(tags: Iterable[str]) -> None:
    """Retire the entries of these tags once the current transaction commits."""
    tags = list(tags)
    transaction.on_commit(lambda: invalidate_tags(tags))


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
    return page_key(request.scheme, request.get_host, request.path, query_pairs(request.GET))


def query_pairs(query: QueryDict) -> str:
    """A query string in one spelling whatever the order of its parameters."""
    return "&".join(f"{name}={value}" for name in sorted(query) for value in query.getlist(name))


def page_key(
    scheme: str, host: Callable[[], str], path: str, pairs: str, site_url: str | None = None
) -> str:
    """The key of a page by its address; shared with the WSGI fast path (``pageserve``), which
    must find what this module stored. ``host`` is called only when the key needs it;
    ``site_url`` is the setting's value when the caller has it at hand."""
    site_url = settings.SITE_URL if site_url is None else site_url
    # Without a configured site address, pages build their canonical URLs from the request:
    # a copy made for one host or scheme must not be served to another.
    origin = "" if site_url else f"{scheme}://{host()}"
    address = f"{origin}{path}?{pairs}"
    return hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


def entry_key(page: str, generation: int | None = None) -> str:
    """The cache key of a page's stored answer in a generation (the current one by default)."""
    return f"foreigndesk:page:{page_generation() if generation is None else generation}:{page}"


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
    by_tags: bool = False,
) -> Any:
    """Serve an anonymous GET of this view from the page cache, filling it on a miss.

    Only requests whose query parameters are among ``parameters`` are cached; others are
    rendered afresh (and never stored). A page depends on its own address's tag and on what
    its fragments declare; with ``by_tags`` the view vouches that this says all it shows,
    otherwise the page also depends on :data:`EVERY_CHANGE` (a search, an index of counts). Every anonymous answer carries the headers a cache tier
    needs (``s-maxage``, ``stale-while-revalidate``, ``stale-if-error``) and validators (an
    ``ETag`` of the bytes, ``Last-Modified`` when they were rendered), and a conditional request
    for the bytes the reader has is answered 304. A logged-in person's pages are private.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                if settings.SESSION_COOKIE_NAME in request.COOKIES:
                    response = view(request, *args, **kwargs)
                    patch_cache_control(response, private=True, no_store=True)
                    return response
                if request.method not in ("GET", "HEAD"):
                    return view(request, *args, **kwargs)
                # The page cache is off: the page still names what it rests on, for a cache
                # tier in front.
                with collecting() as versions:
                    depends_on(path_tag(request.path), *(() if by_tags else (EVERY_CHANGE,)))
                    response = view(request, *args, **kwargs)
                response[SURROGATE_HEADER] = surrogate_keys(versions)
                return response
            page_key = _page_key(request, parameters)
            if page_key is None:
                response = view(request, *args, **kwargs)
                response["X-Page-Cache"] = "bypass"
                _shared_cache_control(response)
                return _validated(request, response, _etag_of(response.content), time.time())
            key = entry_key(page_key)
            stored = cache.get(key)
            if (
                stored is not None
                and len(stored) == 6
                and still_current(stored[5], (key, stored[3]))
            ):
                status, content_type, content, etag, modified, versions = stored
                response = HttpResponse(content, content_type=content_type, status=status)
                response["X-Page-Cache"] = "hit"
            else:
                with collecting() as versions:
                    depends_on(path_tag(request.path), *(() if by_tags else (EVERY_CHANGE,)))
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
                            versions,
                        ),
                        settings.PAGE_CACHE_SECONDS,
                    )
                response["X-Page-Cache"] = "miss"
            # What the page rests on, for a cache tier in front to drop it by (see
            # ``frontend_cache``): the same tags that retire it here.
            response[SURROGATE_HEADER] = surrogate_keys(versions)
            _shared_cache_control(response)
            final = _validated(request, response, etag, modified)
            if response["X-Page-Cache"] == "hit":
                # Marks the answer for the WSGI fast path, which keeps the headers Django's
                # middleware gives a hit and replays them (see ``pageserve``).
                final.page_cache_hit = (key, etag, modified)  # type: ignore[attr-defined]
            return final

        return wrapper

    return decorate(view) if view is not None else decorate
