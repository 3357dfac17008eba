"""Rendered parts of reader pages, kept in the cache until anything readers see changes.

A page the page cache cannot serve (its first visit, a logged-in editor, a new query string) is
still cheap: the database says which articles the page shows, and their markup (an article's
body, a listed item, the boxes) comes from here, rendered once per change of the site. Every key
carries the page generation (see ``cache.py``), so a publish, an edit or a correction retires
them all at once, exactly like whole pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from . import selectors
from .cache import page_generation

T = TypeVar("T")


def cached(name: str, render: Callable[[], T], *, seconds: int | None = None) -> T:
    """The named fragment from the cache, rendered and stored on a miss."""
    seconds = settings.FRAGMENT_CACHE_SECONDS if seconds is None else seconds
    if seconds <= 0:
        return render()
    key = f"foreigndesk:fragment:{page_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, seconds)
    return value


def listed_items(ids: Sequence[int]) -> list[str]:
    """The markup of listed articles, in order; those not in the cache are fetched together."""
    ids = list(ids)
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return [_render_item(item) for item in selectors.listing_items(ids)]
    generation = page_generation()
    keys = {pk: f"foreigndesk:fragment:{generation}:item:{pk}" for pk in ids}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        fresh = {item.pk: _render_item(item) for item in selectors.listing_items(missing)}
        cache.set_many({keys[pk]: html for pk, html in fresh.items()}, seconds)
        found.update({keys[pk]: html for pk, html in fresh.items()})
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def _render_item(item: Any) -> str:
    return render_to_string("reader/_list_item.html", {"item": item})


def box(kind: str) -> str:
    """A shared box of the aside ("hot", "topics", "countries"), rendered."""
    sources: dict[str, Callable[[], dict[str, Any]]] = {
        "hot": lambda: {"hot": selectors.hot_this_week()},
        "topics": lambda: {"topics": selectors.topics_in_use()},
        "countries": lambda: {"countries": selectors.countries_in_use()},
    }
    return cached(
        f"box:{kind}",
        lambda: render_to_string(f"reader/_box_{kind}.html", sources[kind]()),
        seconds=settings.BOX_CACHE_SECONDS,
    )
