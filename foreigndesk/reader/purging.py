"""Which of the reader site's addresses show a translation, for the cache tier in front to drop
when the translation changes: its page, the front page, the listings it appears in (its month,
country, outlet, topics, translators and editors, original authors) with their feeds, and the
sitemap. Listings' later pages (``?page=N``) are left to expire (``s-maxage``).

The same addresses, as tags, retire the site's own page cache (:func:`tags_showing`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from foreigndesk.core.cache import EVERY_CHANGE, path_tag
from foreigndesk.intake.models import Original, Outlet
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import PUBLIC_STATES

from .fragments import translation_tag

logger = logging.getLogger(__name__)


def _with_feeds(name: str, **kwargs: object) -> list[str]:
    return [reverse(f"reader:{name}{suffix}", kwargs=kwargs) for suffix in ("", "_rss", "_atom")]


def outlet_paths(outlet: Outlet) -> list[str]:
    """The listings (with feeds) an outlet's articles appear in: the outlet's and its country's."""
    paths = _with_feeds("outlet", slug=outlet.slug)
    if outlet.country is not None:
        paths += _with_feeds("country", slug=outlet.country.slug)
    return paths


def topic_paths(slug: str) -> list[str]:
    """A topic's listing and its feeds."""
    return _with_feeds("topic", slug=slug)


def paths_showing(translation: Translation) -> list[str]:
    """The paths of the pages and feeds that show ``translation`` (or showed it): none for
    one never published (a draft, one scheduled), which readers see nowhere."""
    if translation.published_at is None:
        return []
    month = translation.published_at
    paths = [
        *_with_feeds("front_page"),
        reverse("sitemap"),
        translation.public_url,
        *_with_feeds("month", year=month.year, month=month.month),
    ]
    paths += _listed_in(translation)
    return list(dict.fromkeys(paths))


def _listed_in(translation: Translation) -> list[str]:
    """The listings (with feeds) of the translation's outlet, authors, topics and people."""
    paths: list[str] = []
    original = translation.original
    if original is not None:
        if original.outlet is not None:
            paths += outlet_paths(original.outlet)
        for byline in original.bylines.all():
            paths += _with_feeds("author", pk=byline.author_id)
    for topic in translation.topics.all():
        paths += topic_paths(topic.slug)
    for credit in translation.credits.select_related("contributor"):
        paths += _with_feeds("contributor", slug=credit.contributor.slug)
    return paths


def _without_listings(paths: list[str], translation: Translation) -> list[str]:
    """The paths of :func:`paths_showing` but the listings' pages: the article's own page,
    the feeds and the sitemap."""
    own = translation.public_url
    return [
        path
        for path in paths
        if path == own or not path.endswith("/") or path.endswith(("/rss/", "/atom/"))
    ]


def _fetch(translation_id: int) -> Translation | None:
    return (
        Translation.objects.select_related("original__outlet__country")
        .prefetch_related("original__bylines", "topics")
        .filter(pk=translation_id)
        .first()
    )


def tags_showing(translation_id: int, *, moved: bool = True) -> list[str] | None:
    """The page-cache tags of what shows a translation: its own tag, the addresses of
    :func:`paths_showing` (a page of a listing is retired with the listing's address) and,
    when it shows anywhere, :data:`EVERY_CHANGE`. None when the translation is gone.

    A change that leaves the translation where it was (not ``moved``: the same listings, at the
    same place in each) leaves the listings' pages out: they show its item, whose own tag is
    retired when the item changed (``fragments.retire_changed_items``). Its feeds stay in, for
    their items carry the time of the last change.

    The boxes that every page carries are not among them: they are retired only when what
    they show changed (``fragments.retire_changed_boxes``)."""
    translation = _fetch(translation_id)
    if translation is None:
        return None
    paths = paths_showing(translation)
    kept = paths if moved else _without_listings(paths, translation)
    tags = [translation_tag(translation_id), *(path_tag(path) for path in kept)]
    return [*tags, EVERY_CHANGE] if paths else tags


def urls_showing(translation_id: int, *paths: str, listings: bool = True) -> list[str]:
    """Absolute URLs of :func:`paths_showing` on ``FOREIGNDESK_SITE_URL`` (without the
    listings' pages unless ``listings``: they show the article as they did), and of ``paths``
    (where it showed before a change) (none without it: a cache tier is keyed by the site's
    own address)."""
    if not settings.SITE_URL:
        logger.warning("FOREIGNDESK_SITE_URL is not set: the cache tier in front is not purged.")
        return []
    translation = _fetch(translation_id)
    shown = paths_showing(translation) if translation is not None else []
    if translation is not None and not listings:
        shown = _without_listings(shown, translation)
    if not shown and not paths:
        return []
    return [f"{settings.SITE_URL}{path}" for path in dict.fromkeys([*paths, *shown])]


def shown_before_save(translation: Translation) -> list[str] | None:
    """The paths showing a translation as stored, read before a save when that save moves it
    (a new publication or scheduled time, address or original, a withdrawal or a restoration):
    the pages it is about to leave. None when the save moves it nowhere (one query) or it is
    not stored yet."""
    if translation.pk is None:
        return None
    fields = ("published_at", "scheduled_at", "slug", "original_id")
    stored = Translation.objects.filter(pk=translation.pk).values(*fields, "state").first()
    if stored is None:
        return None
    # Withdrawn or restored: it leaves or rejoins every page that lists it.
    public = (translation.state in PUBLIC_STATES) == (stored["state"] in PUBLIC_STATES)
    if public and all(getattr(translation, name) == stored[name] for name in fields):
        return None
    before = _fetch(translation.pk)
    return paths_showing(before) if before is not None else None


def outlet_left_on_save(original_id: int | None, outlet_id: int | None) -> list[str] | None:
    """The listings of an original's stored outlet when a save gives it another outlet (one
    query when it does not): its translations leave them. None when the outlet stays; no paths
    for an original not stored yet, or one that had no outlet."""
    if original_id is None:
        return []
    stored = list(Original.objects.filter(pk=original_id).values_list("outlet_id", flat=True))
    if stored == [outlet_id]:
        return None
    if not stored or stored[0] is None:
        return []
    outlet = Outlet.objects.select_related("country").filter(pk=stored[0]).first()
    return outlet_paths(outlet) if outlet is not None else []
