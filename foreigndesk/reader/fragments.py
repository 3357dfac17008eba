"""Rendered parts of reader pages, kept in the cache until what they show changes.

A page the page cache cannot serve (its first visit, a logged-in editor, a new query string) is
still cheap: the database says which articles the page shows, and their markup (an article's
body, a listed item, the boxes) comes from here, rendered once per change of what it shows. Each
fragment declares the tags of what it shows (see ``core.cache``): an article's tag, a box's tag,
a listing's address; the pages that embed it inherit them, so a publish, an edit or a correction
retires the fragments and pages that show the article and no others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from foreigndesk.core.cache import cached_with_tags, depends_on, page_generation, tag_versions
from foreigndesk.newsroom import published

from . import selectors

T = TypeVar("T")


def cached(name: str, render: Callable[[], T], *, seconds: int | None = None) -> T:
    """The named fragment from the cache, rendered and stored on a miss."""
    seconds = settings.FRAGMENT_CACHE_SECONDS if seconds is None else seconds
    if seconds <= 0:
        return render()
    return cached_with_tags(f"foreigndesk:fragment:{page_generation()}:{name}", render, seconds)


#: The tags of the "Topics" box of the most active topics, the "Countries" box, "Hot this week".
TOPICS_BOX = "box:topics"
COUNTRIES_BOX = "box:countries"
HOT_BOX = "box:hot"


def translation_tag(pk: int) -> str:
    """The tag of everything that shows this translation (its title, its text, its credits)."""
    return f"translation:{pk}"


def related_tag(pk: int) -> str:
    """The tag of a translation's stored list of related articles (its page's box)."""
    return f"related:{pk}"


def shows_translations(pks: Sequence[int]) -> None:
    """Declare that what is being rendered shows these translations."""
    depends_on(*(translation_tag(pk) for pk in pks))


@dataclass(frozen=True)
class ItemView:
    """What a listing already says, so that its items do not repeat it: the country of a
    country's page, the person of a contributor's page (by contributor id)."""

    without_country: bool = False
    person: int | None = None

    @property
    def key(self) -> str:
        return ("-country" if self.without_country else "") + (
            f"-person{self.person}" if self.person is not None else ""
        )


#: Items as the front page and most listings show them: country and every translator.
WHOLE = ItemView()


def listed_items(ids: Sequence[int], view: ItemView = WHOLE) -> list[str]:
    """The markup of listed articles, in order, as the listing (``view``) shows them.

    The same run of articles (a listing's page) is one cache read; a new run is assembled from
    the items already rendered, and only the rest are fetched and rendered, together.
    """
    ids = list(ids)
    shows_translations(ids)
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return [_render_item(item, view) for item in published.listing_items(ids)]
    generation = page_generation()
    # The versions of the items' tags are part of the keys: an edited article gets a new item
    # and every run that shows it a new key; the rest are found as they were.
    versions = tag_versions(translation_tag(pk) for pk in ids)
    stamped = [f"{pk}.{versions[translation_tag(pk)]}" for pk in ids]
    run = hashlib.blake2b(",".join(stamped).encode(), digest_size=12).hexdigest()
    run_key = f"foreigndesk:fragment:{generation}:items{view.key}:{run}"
    stored = cache.get(run_key)
    if stored is not None:
        return list(stored)
    items = _assemble(ids, dict(zip(ids, stamped, strict=True)), view, generation, seconds)
    cache.set(run_key, items, seconds)
    return items


def _assemble(
    ids: list[int], stamped: dict[int, str], view: ItemView, generation: int, seconds: int
) -> list[str]:
    keys = {pk: f"foreigndesk:fragment:{generation}:item{view.key}:{stamped[pk]}" for pk in ids}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        fresh = {item.pk: _render_item(item, view) for item in published.listing_items(missing)}
        cache.set_many({keys[pk]: html for pk, html in fresh.items()}, seconds)
        found.update({keys[pk]: html for pk, html in fresh.items()})
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def _render_item(item: Any, view: ItemView) -> str:
    credits = list(item.translator_credits)
    others = [credit for credit in credits if credit.contributor_id != view.person]
    # On the person's own page: "translated with" the others, or nothing when alone.
    verb = "translated with" if len(others) < len(credits) else "translated by"
    return render_to_string(
        "reader/_list_item.html",
        {
            "item": item,
            "without_country": view.without_country,
            "translators": others,
            "translated": verb,
        },
    )


def _hot() -> dict[str, Any]:
    # Which articles are hot moves with reads, not with changes: the box expires instead, and
    # its own tag is never bumped (it says that the box shows nothing else).
    depends_on(HOT_BOX)
    hot = selectors.hot_this_week()
    shows_translations([item.translation.pk for item in hot])
    return {"hot": hot}


def _topics() -> dict[str, Any]:
    depends_on(TOPICS_BOX)
    groups = published.latest_in_active_topics()
    shows_translations([line.pk for group in groups for line in group.articles])
    return {"groups": groups}


def _countries() -> dict[str, Any]:
    depends_on(COUNTRIES_BOX)
    return {"countries": list(published.countries())}


_BOX_SOURCES: dict[str, Callable[[], dict[str, Any]]] = {
    "hot": _hot,
    "topics": _topics,
    "countries": _countries,
}


def boxes(*kinds: str) -> str:
    """Shared boxes of the aside ("hot", "topics", "countries"), rendered, in one cache read."""
    return cached(
        "boxes:" + ",".join(kinds),
        lambda: "".join(
            render_to_string(f"reader/_box_{kind}.html", _BOX_SOURCES[kind]()) for kind in kinds
        ),
        seconds=settings.BOX_CACHE_SECONDS,
    )
