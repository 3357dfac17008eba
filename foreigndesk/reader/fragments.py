"""Rendered parts of reader pages, kept in the cache until what they show changes.

A page the page cache cannot serve (its first visit, a logged-in editor, a new query string) is
still cheap: the database says which articles the page shows, and their markup (an article's
body, a listed item, the boxes) comes from here, rendered once per change of what it shows. Each
fragment declares the tags of what it shows (see ``core.cache``): an article's tag, a box's tag,
a listing's address; the pages that embed it inherit them, so a publish, an edit or a correction
retires the fragments and pages that show the article and no others.

What names other articles is the exception: retired with each article it names, it would
retire much of the site with it. The topics and countries boxes, each article's line (in "Hot
this week", and in an article page's related articles and latest in its topics) and each listed
item remember instead what they showed under each version of their tag, and a change retires
them only when they would now show something else (:func:`retire_changed_boxes`,
:func:`retire_changed_lines`, :func:`retire_changed_items`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from foreigndesk.core.cache import (
    cached_with_tags,
    depends_on,
    invalidate_tags,
    new_versions,
    outdated,
    page_generation,
    tag_versions,
)
from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Translation

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


def item_tag(pk: int) -> str:
    """The tag of an article's item in listings (its line, outlet, date, translators and
    standfirst): retired only when the item itself changes (:func:`retire_changed_items`), so
    that a correction or an edit of the text leaves every listing that shows the article."""
    return f"item:{pk}"


def listed_items(ids: Sequence[int], view: ItemView = WHOLE) -> list[str]:
    """The markup of listed articles, in order, as the listing (``view``) shows them.

    The same run of articles (a listing's page) is one cache read; a new run is assembled from
    the items already rendered, and only the rest are fetched and rendered, together.
    """
    ids = list(ids)
    tags = {pk: item_tag(pk) for pk in ids}
    # The versions are read before the articles, as ``depends_on`` asks.
    depends_on(*tags.values())
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return [_render_item(item, view) for item in published.listing_items(ids)]
    generation = page_generation()
    # The versions of the items' tags are part of the keys: a changed item gets a new key, and
    # so does every run that shows it; the rest are found as they were.
    versions = tag_versions(tags.values())
    stamped = [f"{pk}.{versions[tags[pk]]}" for pk in ids]
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
        fresh = {}
        for item in published.listing_items(missing):
            fresh[item.pk] = html = _render_item(item, view)
            # What the item showed under this version, as every listing would show it.
            whole = html if view == WHOLE else _render_item(item, WHOLE)
            _remember_shown(item_tag(item.pk), stamped[item.pk].split(".", 1)[1], whole)
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


def line_tag(pk: int) -> str:
    """The tag of an article's line ("COUNTRY: TITLE*") in the boxes that name it ("Hot this
    week" on every page; related articles and the latest in a topic on article pages): retired
    only when the line itself changes (see :func:`retire_changed_lines`), so that a correction
    to a much-read article does not retire every page of the site."""
    return f"line:{pk}"


def title_line(item: Translation) -> published.TitleLine:
    """What a box's line shows of a published translation, as the topic boxes' queries give it."""
    original = item.original
    outlet = original.outlet if original is not None else None
    return published.TitleLine(
        pk=item.pk,
        title=item.title,
        url=item.public_url,
        country=outlet.country.name if outlet is not None and outlet.country else None,
        noted=bool(item.editor_note),
        is_link=item.kind == Translation.Kind.LINK,
    )


def _line_text(line: published.TitleLine) -> str:
    # Compared as data rather than as markup: the boxes that show a line differ in markup, and
    # an article page would otherwise render each line twice.
    return repr(astuple(line))


def _line(item: Translation) -> str:
    return _line_text(title_line(item))


def shows_lines(lines: Sequence[published.TitleLine]) -> None:
    """Declare that what is being rendered shows these articles' lines (in a box of related
    articles, or of the latest in some topics), and remember what each showed: a change to an
    article retires the pages showing its line only when the line changed
    (:func:`retire_changed_lines`)."""
    tags = {line.pk: line_tag(line.pk) for line in lines}
    # The lines were read before their versions (which lines a box shows is known only once it
    # is read): a change committed in between, its version read here, would leave the old line
    # resting on the new version. The change records what the line shows under the version it
    # makes current (:func:`_retire_changed`), so such a render finds that it disagrees.
    depends_on(*tags.values())
    if not lines or _shown_seconds() <= 0:
        return
    versions = tag_versions(tags.values())
    shown = {line.pk: (_shown_key(tags[line.pk], versions[tags[line.pk]]), line) for line in lines}
    # One read when every line is known already, as on a warm site.
    known = cache.get_many([key for key, _line in shown.values()])
    for pk, (key, line) in shown.items():
        text = _line_text(line)
        before = known.get(key)
        if before in (None, _MIXED):
            _remember_shown(tags[pk], versions[tags[pk]], text)
        elif before != _digest(text):
            outdated()


def _hot() -> dict[str, Any]:
    # Which articles are hot moves with reads, not with changes: the box expires instead, and
    # its own tag is never bumped (it says that the box shows nothing else). What it shows of
    # each article is its line, remembered under the line's tag.
    depends_on(HOT_BOX)
    ranking = selectors.hot_ranking()
    # The lines' versions are read before the articles, as ``depends_on`` asks.
    tags = [line_tag(pk) for pk, _views in ranking]
    depends_on(*tags)
    versions = tag_versions(tags)
    hot = selectors.hot_items(ranking)
    if _shown_seconds() > 0:  # with nothing cached, no page rests on a line's version
        for item in hot:
            tag = line_tag(item.translation.pk)
            _remember_shown(tag, versions[tag], _line(item.translation))
    return {"hot": hot}


def _topics() -> dict[str, Any]:
    # Not the tags of the articles it lists: what the box shows of them is compared instead
    # (see :func:`retire_changed_boxes`), so that an edit that leaves it as it was keeps it.
    return {"groups": published.latest_in_active_topics()}


def _countries() -> dict[str, Any]:
    return {"countries": list(published.countries())}


_BOX_SOURCES: dict[str, Callable[[], dict[str, Any]]] = {
    "hot": _hot,
    "topics": _topics,
    "countries": _countries,
}

#: The boxes retired by what they show rather than by the articles they name: the tag of each.
#: Every listing carries the topics box; were it retired with each article it could name, each
#: publication in an active topic (and each edit of its latest articles) would retire them all.
WATCHED_BOXES = {"topics": TOPICS_BOX, "countries": COUNTRIES_BOX}

#: The tags of the site's index pages (countries and topics with their counts; the feeds of each
#: country, topic and outlet), and the address of each. They change with a publication or a
#: withdrawal, a topic given or taken, a place renamed; not with a correction or an edit.
COUNTRIES_INDEX = "index:countries"
TOPICS_INDEX = "index:topics"
FEEDS_INDEX = "index:feeds"
INDEX_PATHS = {
    COUNTRIES_INDEX: "reader:countries",
    TOPICS_INDEX: "reader:topics",
    FEEDS_INDEX: "reader:feeds",
}


def countries_index() -> str:
    """The list of the countries page: each country with published translations, and how many."""
    return render_to_string(
        "reader/_index_countries.html", {"countries": list(published.countries())}
    )


def topics_index() -> str:
    """The list of the topics page: each topic with published translations, and how many."""
    return render_to_string("reader/_index_topics.html", {"topics": list(published.topics())})


def feed_listings() -> tuple[list[Any], list[Any], list[Any]]:
    """The listings the feeds page names a feed of: countries, topics and outlets that have
    published translations."""
    return (
        list(published.countries()),
        list(published.topics()),
        list(published.outlets().prefetch_related(None)),
    )


def _feed_names(listings: tuple[list[Any], list[Any], list[Any]]) -> str:
    # Compared as data: the page's markup also holds the host it was asked for.
    return repr([[(row.name, row.slug) for row in rows] for rows in listings])


def _same(text: str) -> str:
    return text


def _box_html(kind: str) -> str:
    return render_to_string(f"reader/_box_{kind}.html", _BOX_SOURCES[kind]())


#: What each watched tag's fragment shows: how to read it now, and the text compared from one
#: version to the next (:func:`retire_changed_boxes`).
_WATCHED: dict[str, tuple[Callable[[], Any], Callable[[Any], str]]] = {
    TOPICS_BOX: (lambda: _box_html("topics"), _same),
    COUNTRIES_BOX: (lambda: _box_html("countries"), _same),
    COUNTRIES_INDEX: (countries_index, _same),
    TOPICS_INDEX: (topics_index, _same),
    FEEDS_INDEX: (feed_listings, _feed_names),
}


def watched(tag: str) -> Any:
    """What the watched ``tag``'s fragment shows (a box, an index page's list), declared as
    resting on that tag, and remembered under its version: a change retires it only when it
    would now show something else (:func:`retire_changed_boxes`)."""
    read, shown = _WATCHED[tag]
    # The version is read before the data, as ``depends_on`` asks: a change committed in
    # between is then either seen in the data or retires this version.
    depends_on(tag)
    version = tag_versions([tag])[tag]
    value = read()
    _remember_shown(tag, version, shown(value))
    return value


#: What :func:`_remember_shown` stores when renders under one version showed different things.
_MIXED = "mixed"


def _shown_key(tag: str, version: str) -> str:
    return f"foreigndesk:box-shown:{tag}:{version}"


def _digest(html: str) -> str:
    return hashlib.blake2b(html.encode(), digest_size=12).hexdigest()


def _shown_seconds() -> int:
    # Longer than anything rendered under a version is kept; a record that has expired only
    # costs one needless retirement (an unknown record retires the box).
    return 2 * max(
        settings.PAGE_CACHE_SECONDS, settings.BOX_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS
    )


def _remember_shown(tag: str, version: str, html: str) -> None:
    """Record what a watched box showed while its tag had this version. Renders under one
    version that disagree (one read the data before a change, one after) leave "mixed", which
    retires the box at the next change."""
    seconds = _shown_seconds()
    if seconds <= 0:  # nothing is cached: nothing shows an old box
        return
    key, digest = _shown_key(tag, version), _digest(html)
    if not cache.add(key, digest, seconds) and cache.get(key) != digest:
        cache.set(key, _MIXED, seconds)


def _render_box(kind: str) -> str:
    tag = WATCHED_BOXES.get(kind)
    return _box_html(kind) if tag is None else str(watched(tag))


def retire_changed_boxes() -> list[str]:
    """After a change to published articles: retire each watched fragment (the boxes around
    every page, the index pages' lists; and so the pages that carry them) whose content, read
    now, is not what it showed under its tag's current version, or when that is not known.
    Returns the tags retired.

    A box that shows what it showed stays, with every listing that carries it; the check costs
    the fragment's own queries, once per committed change, and nothing for a fragment no page
    rests on."""
    tags = list(_WATCHED)
    versions = tag_versions(tags, fresh=True)
    shown = cache.get_many([_shown_key(tag, versions[tag]) for tag in tags])
    changed = []
    for tag in tags:
        before = shown.get(_shown_key(tag, versions[tag]))
        if before is None or before == _MIXED:
            changed.append(tag)
            continue
        read, text = _WATCHED[tag]
        if _digest(text(read())) != before:
            changed.append(tag)
    invalidate_tags(changed)
    return changed


def _retire_changed(
    tags: dict[int, str], render_now: Callable[[list[int]], dict[int, str]]
) -> list[str]:
    """Retire each tag whose translation, rendered now by ``render_now`` (absent once it is no
    longer published), is not what was shown under the tag's current version, or when that is
    not known. What it shows now is recorded under each new version before the version is
    made current: a render that read the translation before this change and the version after
    finds that it disagrees. Returns the tags retired."""
    versions = tag_versions(tags.values(), fresh=True)
    keys = {pk: _shown_key(tag, versions[tag]) for pk, tag in tags.items()}
    shown = cache.get_many(list(keys.values()))
    now = {pk: _digest(text) for pk, text in render_now(list(tags)).items()}
    gone = _digest("")
    # A tag with nothing remembered is retired: no page rests on its version, or one may and
    # what it shows is not known.
    changed = {
        pk: tags[pk]
        for pk in tags
        if shown.get(keys[pk]) in (None, _MIXED) or now.get(pk, gone) != shown[keys[pk]]
    }
    fresh = new_versions(changed.values())
    seconds = _shown_seconds()
    if seconds > 0:
        cache.set_many(
            {_shown_key(tag, fresh[tag]): now.get(pk, gone) for pk, tag in changed.items()},
            seconds,
        )
    invalidate_tags(changed.values(), fresh)
    return list(changed.values())


def retire_changed_lines(translation_ids: Sequence[int]) -> list[str]:
    """After a change to these translations: retire the line in "Hot this week" of each whose
    line has changed (:func:`_retire_changed`); one query."""
    return _retire_changed(
        {pk: line_tag(pk) for pk in translation_ids},
        lambda pks: {
            item.pk: _line(item)
            for item in Translation.objects.published().for_listing().filter(pk__in=pks)
        },
    )


def retire_changed_items(translation_ids: Sequence[int]) -> list[str]:
    """After a change that leaves these translations in the listings they were in: retire the
    item of each whose item, as every listing shows it, has changed (:func:`_retire_changed`);
    one query."""
    return _retire_changed(
        {pk: item_tag(pk) for pk in translation_ids},
        lambda pks: {
            item.pk: _render_item(item, WHOLE)
            for item in published.listing_items(pks)
            if item.published_at is not None
        },
    )


def boxes(*kinds: str) -> str:
    """Shared boxes of the aside ("hot", "topics", "countries"), rendered, in one cache read."""
    return cached(
        "boxes:" + ",".join(kinds),
        lambda: "".join(_render_box(kind) for kind in kinds),
        seconds=settings.BOX_CACHE_SECONDS,
    )
