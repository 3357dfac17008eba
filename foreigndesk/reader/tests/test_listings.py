import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom.states import State
from foreigndesk.reader.actions import record_views, roll_week_views
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive():
    """Two countries, two outlets, two topics, a translator who also edits."""
    energy, farming = factories.topic("Energy"), factories.topic("Agriculture")
    rhine = factories.outlet("Rheinische Abendpost", country_code="DE")
    nile = factories.outlet("Sada al-Nil", country_code="EG")
    mira, ruth = factories.contributor("Mira Okafor"), factories.contributor("Ruth Calder")
    now = timezone.now()
    made = {
        "de_energy": factories.translation(
            title="Grid waits for transformers",
            original_obj=factories.original(outlet_obj=rhine, authors=["Anna Keller"]),
            translators=[mira],
            editors=[ruth],
            topics=[energy],
            published_at=now - datetime.timedelta(days=1),
        ),
        "eg_farming": factories.translation(
            title="Bread and the Varna convoys",
            editor_note="Context.",
            original_obj=factories.original(outlet_obj=nile, language_code="ar", title="الخبز"),
            translators=[ruth],
            editors=[mira],
            topics=[farming],
            published_at=now - datetime.timedelta(days=2),
        ),
        "draft": factories.translation(
            title="Unpublished draft",
            original_obj=factories.original(outlet_obj=rhine),
            topics=[energy],
            translators=[mira],
            state=State.IN_REVIEW,
        ),
    }
    return made


def titles(response):
    tree = lxml_html.fromstring(response.content)
    return [" ".join(h.text_content().split()) for h in tree.cssselect(".article-list__title")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/countries/germany/", ["Grid waits for transformers"]),
        ("/countries/egypt/", ["Bread and the Varna convoys*"]),
        ("/outlets/rheinische-abendpost/", ["GERMANY: Grid waits for transformers"]),
        ("/topics/energy/", ["GERMANY: Grid waits for transformers"]),
        ("/topics/agriculture/", ["EGYPT: Bread and the Varna convoys*"]),
        (
            "/people/mira-okafor/",
            ["GERMANY: Grid waits for transformers", "EGYPT: Bread and the Varna convoys*"],
        ),
    ],
)
def test_listings_show_only_their_published_articles(client, archive, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert titles(response) == expected


def test_author_and_month_listings(client, archive):
    author = archive["de_energy"].original.bylines.get().author
    assert titles(client.get(f"/authors/{author.pk}/")) == ["GERMANY: Grid waits for transformers"]
    when = timezone.localtime(archive["de_energy"].published_at)
    response = client.get(f"/{when.year}/{when.month:02d}/")
    assert "GERMANY: Grid waits for transformers" in titles(response)
    assert client.get("/1999/01/").status_code == 200
    assert titles(client.get("/1999/01/")) == []
    author_feed = ET.fromstring(client.get(f"/authors/{author.pk}/rss/").content)
    assert len(author_feed.find("channel").findall("item")) == 1
    month_feed = ET.fromstring(client.get(f"/{when.year}/{when.month:02d}/atom/").content)
    assert month_feed.find(f"{ATOM}entry/{ATOM}title").text.endswith("Grid waits for transformers")


def test_outlet_page_has_country_languages_and_profile(client, archive):
    outlet = archive["de_energy"].original.outlet
    outlet.profile = "Evening daily from Cologne."
    outlet.save()
    outlet.languages.add(factories.language("de"))
    tree = lxml_html.fromstring(client.get("/outlets/rheinische-abendpost/").content)
    intro = " ".join(tree.cssselect(".outlet-profile")[0].text_content().split())
    assert intro == "Germany · in German Evening daily from Cologne."


def test_contributor_profile_counts_published_work(client, archive):
    tree = lxml_html.fromstring(client.get("/people/mira-okafor/").content)
    profile = " ".join(tree.cssselect(".contributor-profile")[0].text_content().split())
    assert profile == "Has published 1 translation; has edited 1."


def test_unknown_subjects_and_pages_are_404(client, archive):
    for url in (
        "/countries/atlantis/",
        "/outlets/nope/",
        "/topics/nope/",
        "/people/nobody/",
        "/authors/99999/",
        "/countries/germany/?page=2",
        "/countries/germany/?page=x",
        "/countries/atlantis/rss/",
    ):
        assert client.get(url).status_code == 404, url


def test_listing_query_counts_are_fixed(client, archive, django_assert_num_queries):
    record_views(translation_id=archive["de_energy"].pk, day=timezone.localdate(), views=2)
    roll_week_views()  # as the worker's schedule does
    client.get("/countries/germany/")
    with django_assert_num_queries(8):
        client.get("/countries/germany/")
    rhine = archive["de_energy"].original.outlet
    for number in range(12):
        factories.translation(
            title=f"More from the Rhine {number}",
            original_obj=factories.original(outlet_obj=rhine),
            translators=[factories.contributor("Mira Okafor")],
        )
    with django_assert_num_queries(8):
        client.get("/countries/germany/")


def test_listing_pages_link_their_feeds(client, archive):
    tree = lxml_html.fromstring(client.get("/topics/energy/").content)
    links = {link.get("href") for link in tree.cssselect('link[rel="alternate"]')}
    assert {"/rss/", "/atom/", "/topics/energy/rss/", "/topics/energy/atom/"} <= links


def test_rss_items_carry_full_credits(client, archive):
    response = client.get("/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "GERMANY: Grid waits for transformers",
        "EGYPT: Bread and the Varna convoys",
    ]
    description = items[0].findtext("description")
    assert (
        "Published in Rheinische Abendpost (Germany) on 2 November 2026 by Anna Keller"
        in description
    )
    assert "Translated from German by Mira Okafor. Edited by Ruth Calder." in description
    assert items[0].findtext("category") == "Energy"
    assert items[0].findtext("link").endswith(archive["de_energy"].get_absolute_url())
    assert "Editor&#x27;s note" in items[1].findtext("description") or "Editor's note" in items[
        1
    ].findtext("description")


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/atom/", 2),
        ("/countries/egypt/atom/", 1),
        ("/outlets/sada-al-nil/atom/", 1),
        ("/people/ruth-calder/atom/", 2),
        ("/topics/energy/atom/", 1),
    ],
)
def test_atom_feeds_parse(client, archive, url, count):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == count
    assert all(entry.find(f"{ATOM}author/{ATOM}name").text for entry in entries)


def test_sitemap_robots_and_health(client, archive):
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert any(loc.endswith(archive["de_energy"].get_absolute_url()) for loc in locations)
    assert not any("unpublished-draft" in loc for loc in locations)
    assert any(loc.endswith("/countries/egypt/") for loc in locations)
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.content == b"ok"


def test_front_page_shows_translators_first_lines_and_countries(client, archive):
    tree = lxml_html.fromstring(client.get("/").content)
    meta = " ".join(tree.cssselect(".article-list__meta")[0].text_content().split())
    assert meta.endswith("translated by Mira Okafor")
    assert (
        tree.cssselect(".article-list__standfirst")[0].text_content()
        == "First paragraph of the translation."
    )
    countries = [
        " ".join(li.text_content().split()) for li in tree.cssselect("#countries-heading + ul li")
    ]
    assert countries == ["Egypt (1)", "Germany (1)"]


def test_feeds_are_rendered_once_per_change(
    client, archive, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    first = client.get("/rss/")
    with django_assert_num_queries(0):
        again = client.get("/rss/")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    translation = archive["de_energy"]
    translation.title = "Grid operators still wait"
    with django_capture_on_commit_callbacks(execute=True):
        translation.save()
    assert b"GERMANY: Grid operators still wait" in client.get("/rss/").content
    cache.clear()


@pytest.mark.parametrize("url", ["/rss/", "/countries/egypt/rss/", "/atom/"])
def test_feed_titles_have_no_asterisk_and_descriptions_keep_the_note(client, archive, url):
    feed = ET.fromstring(client.get(url).content)
    items = feed.findall("channel/item") or feed.findall(f"{ATOM}entry")
    note = next(
        item
        for item in items
        if (item.findtext("title") or item.findtext(f"{ATOM}title")).endswith("Varna convoys")
    )
    assert not any(
        "*" in (item.findtext("title") or item.findtext(f"{ATOM}title")) for item in items
    )
    description = note.findtext("description") or note.findtext(f"{ATOM}summary")
    assert "Editor's note: Context." in description.replace("&#x27;", "'")


def test_country_page_items_do_not_repeat_the_country(client, archive):
    tree = lxml_html.fromstring(client.get("/countries/germany/").content)
    assert not tree.cssselect(".article-list .item__country")
    assert "GERMANY:" not in " ".join(titles(client.get("/countries/germany/")))
    # The same items elsewhere, and the boxes of the country's page, keep it.
    assert titles(client.get("/topics/energy/")) == ["GERMANY: Grid waits for transformers"]
    record_views(translation_id=archive["de_energy"].pk, day=timezone.localdate(), views=2)
    tree = lxml_html.fromstring(client.get("/countries/germany/").content)
    hot = [" ".join(li.text_content().split()) for li in tree.cssselect("#hot-heading + ol li")]
    assert hot == ["GERMANY: Grid waits for transformers"]


def meta_lines(client, url):
    tree = lxml_html.fromstring(client.get(url).content)
    return [" ".join(p.text_content().split()) for p in tree.cssselect(".article-list__meta")]


def test_contributor_page_items_do_not_repeat_that_person(client, archive):
    rhine = archive["de_energy"].original.outlet
    factories.translation(
        title="Two hands on one text",
        original_obj=factories.original(outlet_obj=rhine),
        translators=[factories.contributor("Ruth Calder"), factories.contributor("Mira Okafor")],
        published_at=timezone.now(),
    )
    mira = meta_lines(client, "/people/mira-okafor/")
    assert mira[0].endswith("· translated with Ruth Calder")
    assert "translated by" not in mira[1]
    assert "Mira Okafor" not in mira[1]
    assert mira[2].endswith("· translated by Ruth Calder")  # she edited this one
    # Everywhere else the credits are whole.
    front = meta_lines(client, "/")
    assert front[0].endswith("· translated by Ruth Calder and Mira Okafor")
    assert front[1].endswith("· translated by Mira Okafor")
