"""An article moved off a listing (another outlet, another month, a topic taken away from
either side) leaves that listing at once: the page cache retires the listing it left, and the
cache tier in front is told to drop it, while unrelated listings stay cached."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories
from foreigndesk.testing.frontend import RecordingFrontendCache, every_cache_on

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "http://desk.localhost"
MAY = timezone.make_aware(datetime.datetime(2026, 5, 12, 9, 0))
JULY = timezone.make_aware(datetime.datetime(2026, 7, 3, 9, 0))
SEPTEMBER = timezone.make_aware(datetime.datetime(2026, 9, 21, 9, 0))


@pytest.fixture(autouse=True)
def caches():
    with every_cache_on(SITE):
        yield


def article(title: str, outlet: str, country: str, topic: str | None, when: datetime.datetime):
    return factories.translation(
        original_obj=factories.original(
            title=f"Original of {title}",
            outlet_obj=factories.outlet(outlet, country_code=country),
        ),
        title=title,
        topics=[factories.topic(topic)] if topic else [],
        published_at=when,
    )


def unrelated() -> Translation:
    """Japan, September, Weather: its pages must stay cached whatever happens to the other."""
    return article("Snow closes the passes", "Hokkaido Evening", "JP", "Weather", SEPTEMBER)


@pytest.fixture
def desk():
    """The ferry story (France, May, no topic: the topics box on every listing never shows
    it), and the unrelated one."""
    return article("The ferry runs again", "Le Courrier du Port", "FR", None, MAY), unrelated()


@pytest.fixture
def topical():
    """The ferry story in the Shipping topic, and the unrelated one. Every listing embeds the
    topics box, which shows the latest of each topic: a topic change retires them all, but
    not the unrelated article's page (it depends on its own topics' listings only)."""
    return (
        article("The ferry runs again", "Le Courrier du Port", "FR", "Shipping", MAY),
        unrelated(),
    )


def shown(client, path: str) -> tuple[str, str]:
    """Whether the page came from the cache, and the titles its list of articles shows (the
    boxes around it left out: they may show the article anywhere)."""
    response = client.get(path)
    assert response.status_code == 200, path
    tree = lxml_html.fromstring(response.content)
    listed = [" ".join(h.text_content().split()) for h in tree.cssselect(".article-list__title")]
    return response["X-Page-Cache"], " | ".join(listed)


def warm(client, *paths: str) -> None:
    """Visit each page twice (cached from then on), and forget the purges made so far."""
    for path in paths:
        shown(client, path)
        assert shown(client, path)[0] == "hit", path
    RecordingFrontendCache.purged.clear()


def assert_left(client, path: str, title: str) -> None:
    state, content = shown(client, path)
    assert state == "miss", path
    assert title not in content, path
    assert f"{SITE}{path}" in RecordingFrontendCache.purged, path
    assert f"{SITE}{path}rss/" in RecordingFrontendCache.purged, path


def assert_untouched(client, *paths: str) -> None:
    for path in paths:
        assert shown(client, path)[0] == "hit", path
        assert f"{SITE}{path}" not in RecordingFrontendCache.purged, path


def test_an_original_given_another_outlet_leaves_the_old_outlets_and_countrys_lists(client, desk):
    moving, _still = desk
    title = moving.title
    old_outlet, old_country = "/outlets/le-courrier-du-port/", "/countries/fr/"
    new_outlet = factories.outlet("Berliner Hafenblatt", country_code="DE")
    unrelated = ("/outlets/hokkaido-evening/", "/countries/japan/")
    warm(client, old_outlet, old_country, *unrelated)
    assert title in shown(client, old_outlet)[1]

    original = moving.original
    with transaction.atomic():
        original.outlet = new_outlet
        original.save()

    assert_left(client, old_outlet, title)
    assert_left(client, old_country, title)
    assert title in shown(client, "/outlets/berliner-hafenblatt/")[1]
    assert f"{SITE}/outlets/berliner-hafenblatt/" in RecordingFrontendCache.purged
    assert_untouched(client, *unrelated)


def test_an_original_saved_with_its_outlet_unchanged_purges_no_listing(client, desk):
    moving, _still = desk
    # The index pages too: what they list is then known, and it has not changed.
    warm(client, "/outlets/le-courrier-du-port/", "/countries/", "/topics/", "/feeds/")
    original = moving.original
    original.title = "Original of the ferry story, retitled"
    original.save()
    # The original's title shows on its translation's page (and feeds), not in listings.
    purged = RecordingFrontendCache.purged
    assert f"{SITE}{moving.public_url}" in purged
    assert f"{SITE}/outlets/le-courrier-du-port/rss/" in purged
    assert not [
        url
        for url in purged
        if url.endswith("/")
        and not url.endswith(("rss/", "atom/"))
        and url != f"{SITE}{moving.public_url}"
    ]
    assert moving.title in shown(client, "/outlets/le-courrier-du-port/")[1]


def test_an_article_moved_to_another_month_leaves_the_old_months_archive(client, desk):
    moving, still = desk
    title = moving.title
    old_page = moving.public_url
    may, september = "/2026/05/", "/2026/09/"
    warm(client, may, september, old_page, still.public_url)
    assert title in shown(client, may)[1]

    with transaction.atomic():
        moving.published_at = JULY
        moving.save()

    assert_left(client, may, title)
    assert f"{SITE}{old_page}" in RecordingFrontendCache.purged
    assert title in shown(client, "/2026/07/")[1]
    assert f"{SITE}/2026/07/" in RecordingFrontendCache.purged
    assert_untouched(client, september, still.public_url)


def test_a_save_that_moves_nothing_purges_the_listings_only_when_its_item_changed(client, desk):
    moving, _still = desk
    warm(client, "/2026/05/")
    # A paragraph past the first shows on the article's page only.
    moving.blocks = [*moving.blocks, {"kind": "paragraph", "text": "Tickets cost less."}]
    moving.save()
    assert f"{SITE}{moving.public_url}" in RecordingFrontendCache.purged
    assert f"{SITE}/2026/05/" not in RecordingFrontendCache.purged
    assert shown(client, "/2026/05/")[0] == "hit"
    # The title shows in the month's archive: it is retired and purged.
    RecordingFrontendCache.purged.clear()
    moving.title = "The ferry runs again, from Monday"
    moving.save()
    assert f"{SITE}/2026/05/" in RecordingFrontendCache.purged
    assert "from Monday" in shown(client, "/2026/05/")[1]


@pytest.mark.parametrize(
    "change",
    [
        lambda topic, moving: topic.translations.clear(),
        lambda topic, moving: topic.translations.remove(moving),
        lambda topic, moving: moving.topics.clear(),
        lambda topic, moving: moving.topics.remove(topic),
    ],
    ids=["topic-side clear", "topic-side remove", "article-side clear", "article-side remove"],
)
def test_a_topic_taken_away_from_either_side_leaves_the_topics_list(client, topical, change):
    moving, still = topical
    title = moving.title
    topic = moving.topics.get()
    shipping, weather = "/topics/shipping/", "/topics/weather/"
    warm(client, shipping, still.public_url)
    assert title in shown(client, shipping)[1]

    with transaction.atomic():
        change(topic, moving)

    assert_left(client, shipping, title)
    assert f"{SITE}{moving.public_url}" in RecordingFrontendCache.purged
    assert_untouched(client, still.public_url)
    assert f"{SITE}{weather}" not in RecordingFrontendCache.purged


def test_a_topic_given_from_the_topics_side_reaches_its_list(client, desk):
    moving, _still = desk
    weather = "/topics/weather/"
    warm(client, weather)
    factories.topic("Weather").translations.add(moving)
    state, content = shown(client, weather)
    assert state == "miss"
    assert moving.title in content
    assert f"{SITE}{weather}" in RecordingFrontendCache.purged
