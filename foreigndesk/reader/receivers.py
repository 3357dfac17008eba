"""The reader site follows the newsroom's announcements: related articles are recomputed, the
page cache retires what shows a changed translation, and the cache tier in front (when there is
one) drops the pages that show it.

A change can also take an article off pages: a new month, outlet or topic. Where it showed
before is read before the change (``pre_save``, ``pre_clear``) and kept on the instance until
the change is saved; then the pages it left are retired and purged with those that show it now.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from foreigndesk.core.cache import (
    EVERY_CHANGE,
    GENERATION_MEMO_SECONDS,
    invalidate_pages,
    invalidate_pages_on_commit,
    invalidate_tags,
    path_tag,
)
from foreigndesk.core.frontend_cache import frontend_caches, purges_keys, surrogate_key
from foreigndesk.intake.models import Outlet
from foreigndesk.newsroom.models import Translation

from .fragments import (
    INDEX_PATHS,
    item_tag,
    retire_changed_boxes,
    retire_changed_items,
    retire_changed_lines,
)
from .purging import (
    outlet_left_on_save,
    shown_before_save,
    tags_showing,
    topic_paths,
    urls_showing,
)
from .tasks import purge_frontend, refresh_all_related, refresh_related_around


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    # The pages that show it are retired and purged by the saves that changed it
    # (:func:`retire_on_commit`), the desk's and any other.
    refresh_related_around.enqueue(translation_id)


def purge_later(urls: list[str], *, keys: list[str] | None = None) -> None:
    """Purge the cache tier once every web process has seen the change: each remembers the
    page cache's generation for a moment, and a purge before that would let the cache tier
    fetch the old page again and keep it."""
    if default_task_backend.supports_defer:
        delay = datetime.timedelta(seconds=GENERATION_MEMO_SECONDS + 1)
        purge_frontend.using(run_after=timezone.now() + delay).enqueue(urls, None, 0, keys)
    else:
        purge_frontend.enqueue(urls, None, 0, keys)


def on_tags_retired(*, tags: list[str], **_: Any) -> None:
    """Purge from the cache tiers that file pages by surrogate key every page resting on these
    tags, whatever its address: a box that changed leaves every page that carries it."""
    if purges_keys():
        purge_later([], keys=[surrogate_key(tag) for tag in tags])


def on_shown_record_saved(*, created: bool = False, **_: Any) -> None:
    """An outlet, country, language, topic, author or person saved: a change to one shows on
    every page that names it, so every page is retired. One just created is named nowhere yet
    (pages show them only through a published translation, whose own save retires what shows
    it), so an intake from a new outlet or a new volunteer's profile retires nothing."""
    if not created:
        invalidate_pages_on_commit()


def _on_site(paths: list[str]) -> list[str]:
    """The absolute URLs of ``paths`` on ``FOREIGNDESK_SITE_URL`` (none without it: a cache
    tier is keyed by the site's own address)."""
    return [f"{settings.SITE_URL}{path}" for path in paths] if settings.SITE_URL else []


def retire_outlet_pages_on_commit(outlet_ids: list[int]) -> None:
    """Once the current transaction commits, retire the pages of these outlets (their first
    page and the later ones, under their addresses' tags) and purge them from the cache tier in
    front: what only an outlet's own page shows (its domains, its languages) has changed."""

    def retire() -> None:
        slugs = Outlet.objects.filter(pk__in=outlet_ids).values_list("slug", flat=True)
        paths = [reverse("reader:outlet", args=[slug]) for slug in slugs]
        invalidate_tags([path_tag(path) for path in paths])
        if paths and frontend_caches():
            purge_later(_on_site(paths))

    transaction.on_commit(retire)


def on_outlet_domain_changed(*, instance: Any, **_: Any) -> None:
    """A domain of an outlet added, changed or deleted: it shows on the outlet's page."""
    retire_outlet_pages_on_commit([instance.outlet_id])


def on_outlet_languages_changed(
    *, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Languages given to or taken from outlets, from either side: the outlets' pages. A
    language cleared of all its outlets (its outlets no longer known) retires every page."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not kwargs.get("reverse"):
        retire_outlet_pages_on_commit([instance.pk])
    elif pk_set:
        retire_outlet_pages_on_commit(sorted(pk_set))
    elif action == "post_clear":
        invalidate_pages_on_commit()


def on_translations_loaded(**_: Any) -> None:
    refresh_all_related.enqueue()


def retire_translation(
    translation_id: int, *paths: str, tags: tuple[str, ...] = (), moved: bool = True
) -> bool:
    """Retire the cached pages and fragments that show a translation, the pages at ``paths``
    (listings it has just left or joined) and the entries of ``tags``; every page when the
    translation is gone. A change that did not move it (``moved`` false: it stays in the same
    listings, at the same place) leaves the listings to :func:`retire_on_commit`'s check of
    its item. Returns whether readers could see the change (the translation shows, or left
    some pages), for :func:`retire_on_commit` to check the boxes."""
    showing = tags_showing(translation_id, moved=moved)
    if showing is None:
        invalidate_pages()
        return False
    invalidate_tags([*showing, *tags, *(path_tag(path) for path in paths)])
    # EVERY_CHANGE is among the tags exactly when the translation shows somewhere.
    return bool(paths) or EVERY_CHANGE in showing


def retire_on_commit(
    translation_ids: list[int], *paths: str, tags: tuple[str, ...] = (), moved: bool = True
) -> None:
    """:func:`retire_translation` for each, once the current transaction commits; then the
    boxes around every page, the translations' lines in "Hot this week" and (for a change that
    did not move them) their items in listings are retired if (and only if) what they show
    has changed. The cache tier in front drops the same pages by address: each translation's
    page and feeds, the pages at ``paths``, the listings that show it when it moved or its
    item there changed, and the index pages whose lists changed."""

    def retire() -> None:
        seen = False
        for translation_id in translation_ids:
            seen = retire_translation(translation_id, *paths, tags=tags, moved=moved) or seen
        changed_items: set[str] = set()
        indexes: list[str] = []
        if seen:
            retired = retire_changed_boxes()
            indexes = [reverse(INDEX_PATHS[tag]) for tag in retired if tag in INDEX_PATHS]
            retire_changed_lines(translation_ids)
            if not moved:
                changed_items.update(retire_changed_items(translation_ids))
        if frontend_caches():
            urls = _on_site(indexes)
            for translation_id in translation_ids:
                listed = moved or item_tag(translation_id) in changed_items
                urls += urls_showing(translation_id, *paths, listings=listed)
            if urls:
                purge_later(list(dict.fromkeys(urls)))

    transaction.on_commit(retire)


#: The instance attribute that carries, from before a change to after it, the paths that showed
#: the changed row (or, for topics cleared from a topic, the translations that had it).
SHOWN_BEFORE = "_reader_shown_before"


#: What :func:`remember_translation_pages` leaves for a save that moves the translation nowhere.
STAYS = "stays"


def remember_translation_pages(*, instance: Any, raw: bool = False, **_: Any) -> None:
    """Before a translation is saved: where it shows, when the save moves it elsewhere, or
    that it stays where it is."""
    if not raw:
        before = shown_before_save(instance)
        stays = before is None and instance.pk is not None
        instance.__dict__[SHOWN_BEFORE] = STAYS if stays else before


def on_translation_saved(*, instance: Any, created: bool = False, **_: Any) -> None:
    """Retire what shows the translation and, when the save moved it, the pages it left
    (purged from the cache tier in front too, with those it moved to). A save known to leave
    it where it was (an edit of its text, a correction's stamp) leaves the listings that show
    it, unless its item there changed."""
    before = instance.__dict__.pop(SHOWN_BEFORE, None)
    if before == STAYS and not created:
        retire_on_commit([instance.pk], moved=False)
        return
    left = before if isinstance(before, list) else []
    retire_on_commit([instance.pk], *left)


def on_correction_saved(*, instance: Any, **_: Any) -> None:
    """A correction shows on its article's page (and in its feeds' items), not in listings."""
    retire_on_commit([instance.translation_id], moved=False)


def on_credit_saved(*, instance: Any, **_: Any) -> None:
    """A credit saved or deleted: the person's listing gains or loses the article; the other
    listings show the article where it was, with its item checked for a change."""
    shown = _ever_published([instance.translation_id])
    retire_on_commit(
        [instance.translation_id],
        *([reverse("reader:contributor", args=[instance.contributor.slug])] if shown else []),
        moved=False,
    )


def remember_original_outlet(*, instance: Any, raw: bool = False, **_: Any) -> None:
    """Before an original is saved: its outlet's listings, when the save gives it another."""
    if not raw:
        instance.__dict__[SHOWN_BEFORE] = outlet_left_on_save(instance.pk, instance.outlet_id)


def on_original_saved(*, instance: Any, **_: Any) -> None:
    """An original's title, text or dateline shows on its translations' pages (an original
    with no translation shows nowhere); a new outlet takes them off the old outlet's and
    country's listings, which are retired and purged."""
    before = instance.__dict__.pop(SHOWN_BEFORE, [])
    left = before or []
    translation_ids = _translations_of(instance.pk)
    # The outlet kept (None; a raw save records nothing): its articles stay where they were.
    retire_on_commit(translation_ids, *left, moved=before is not None)


def on_byline_changed(*, instance: Any, **_: Any) -> None:
    """An author added to or taken from an original: its translations and the author's page."""
    translation_ids = _translations_of(instance.original_id)
    shown = _ever_published(translation_ids)
    retire_on_commit(
        translation_ids,
        *([reverse("reader:author", args=[instance.author_id])] if shown else []),
        moved=False,
    )


def _translations_of(original_id: int) -> list[int]:
    return list(Translation.objects.filter(original_id=original_id).values_list("pk", flat=True))


def _ever_published(translation_ids: list[int]) -> bool:
    """Whether any of the translations was ever published: the others show in no listing, so a
    change to their credits, bylines or topics retires none (one query; none for no
    translation)."""
    return bool(translation_ids) and (
        Translation.objects.filter(pk__in=translation_ids, published_at__isnull=False).exists()
    )


def on_topics_changed(
    *, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Topics added to or taken from translations (from either side of the relation): the
    translations' pages and the topics' listings are retired and purged. Before a clear, the
    topics (or translations) about to be parted are read, since afterwards none is left."""
    if action == "pre_clear":
        reverse = bool(kwargs.get("reverse"))
        instance.__dict__[SHOWN_BEFORE] = _linked_before_clear(instance, reverse=reverse)
        return
    if action == "post_clear":
        linked = instance.__dict__.pop(SHOWN_BEFORE, None)
        if linked is None:  # cleared without the snapshot (not through the signal's pair)
            invalidate_pages_on_commit()
            return
        translation_ids, slugs = linked
    elif action in ("post_add", "post_remove") and pk_set:
        if kwargs.get("reverse"):
            translation_ids, slugs = sorted(pk_set), [instance.slug]
        else:
            model = kwargs["model"]
            translation_ids = [instance.pk]
            slugs = list(model.objects.filter(pk__in=pk_set).values_list("slug", flat=True))
    else:
        return
    # A draft's topics show nowhere; the topics box is checked for a change after commit.
    if not _ever_published(translation_ids):
        slugs = []
    paths = [path for slug in slugs for path in topic_paths(slug)]
    retire_on_commit(translation_ids, *paths, moved=False)


def _linked_before_clear(instance: Any, *, reverse: bool) -> tuple[list[int], list[str]]:
    """The translations and topic slugs a clear is about to part: a topic's translations, or a
    translation's topics."""
    through = Translation.topics.through
    if reverse:
        ids = list(
            through.objects.filter(topic_id=instance.pk).values_list("translation_id", flat=True)
        )
        return ids, [instance.slug]
    slugs = list(
        through.objects.filter(translation_id=instance.pk).values_list("topic__slug", flat=True)
    )
    return [instance.pk], slugs
