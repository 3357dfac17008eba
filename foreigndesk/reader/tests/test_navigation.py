"""The header's sections and the index pages they lead to: countries, topics and feeds."""

import datetime

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """Two countries and two topics with published work, and a draft that must not count."""
    energy, farming = factories.topic("Energy"), factories.topic("Agriculture")
    factories.topic("Fisheries")  # no published article: listed nowhere
    rhine = factories.outlet("Rheinische Abendpost", country_code="DE")
    nile = factories.outlet("Sada al-Nil", country_code="EG")
    factories.outlet("Vistula Courier", country_code="PL")  # only a draft
    now = timezone.now()
    for days in (1, 2):
        factories.translation(
            title=f"Grid report {days}",
            original_obj=factories.original(outlet_obj=rhine),
            topics=[energy],
            published_at=now - datetime.timedelta(days=days),
        )
    factories.translation(
        title="Bread and the convoys",
        original_obj=factories.original(outlet_obj=nile, language_code="ar", title="الخبز"),
        topics=[farming, energy],
        published_at=now - datetime.timedelta(days=3),
    )
    factories.translation(
        title="Unpublished draft",
        original_obj=factories.original(
            outlet_obj=factories.outlet("Vistula Courier", country_code="PL")
        ),
        topics=[farming],
        state=State.IN_REVIEW,
    )


def tree(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content)


def entries(response, selector=".index-list li"):
    return [" ".join(li.text_content().split()) for li in tree(response).cssselect(selector)]


@pytest.mark.parametrize("url", ["/", "/countries/", "/topics/", "/feeds/", "/search/"])
def test_every_reader_page_has_the_sections_in_its_header(client, archive, url):
    nav = tree(client.get(url)).cssselect("header nav.site-nav")
    assert len(nav) == 1
    assert nav[0].get("aria-label") == "Sections"
    links = [(a.text_content(), a.get("href")) for a in nav[0].cssselect("a")]
    assert links == [
        ("Latest", "/"),
        ("Countries", "/countries/"),
        ("Topics", "/topics/"),
        ("Search", "/search/"),
        ("Feeds", "/feeds/"),
    ]
    current = [a.get("href") for a in nav[0].cssselect("a[aria-current=page]")]
    assert current == [url]


def test_an_article_page_has_the_sections_and_marks_none_current(client, archive):
    article = factories.full_article()
    nav = tree(client.get(article.get_absolute_url())).cssselect("header nav.site-nav")[0]
    assert len(nav.cssselect("a")) == 5
    assert nav.cssselect("a[aria-current]") == []


def test_countries_index_lists_each_country_with_published_work_and_its_count(client, archive):
    response = client.get("/countries/")
    assert entries(response) == ["Egypt (1)", "Germany (2)"]
    links = [a.get("href") for a in tree(response).cssselect(".index-list a")]
    assert links == ["/countries/egypt/", "/countries/germany/"]
    assert client.get(links[1]).status_code == 200


def test_topics_index_lists_each_topic_with_published_work_and_its_count(client, archive):
    response = client.get("/topics/")
    assert entries(response) == ["Agriculture (1)", "Energy (3)"]
    assert [a.get("href") for a in tree(response).cssselect(".index-list a")] == [
        "/topics/agriculture/",
        "/topics/energy/",
    ]


def test_index_pages_of_an_empty_site_say_so(client):
    for url in ("/countries/", "/topics/"):
        assert b"Nothing has been published here yet." in client.get(url).content


def test_feeds_index_gives_every_feed_with_an_address_that_answers(client, archive):
    response = client.get("/feeds/")
    page = tree(response)
    labels = [" ".join(dt.text_content().split()) for dt in page.cssselect(".feed-list dt")]
    assert labels == [
        "Every translation",
        "Egypt",
        "Germany",
        "Agriculture",
        "Energy",
        "Rheinische Abendpost",
        "Sada al-Nil",
    ]
    addresses = [a.get("href") for a in page.cssselect(".feed-list dd a")]
    assert addresses[:2] == ["http://testserver/rss/", "http://testserver/atom/"]
    assert "http://testserver/countries/germany/rss/" in addresses
    assert "http://testserver/topics/energy/atom/" in addresses
    assert not any("vistula" in address for address in addresses)
    for address in addresses:
        feed = client.get(address.removeprefix("http://testserver"))
        assert feed.status_code == 200, address
        assert feed["Content-Type"].startswith(("application/rss+xml", "application/atom+xml"))


def test_feed_addresses_use_the_configured_site_url(client, archive, settings):
    settings.SITE_URL = "https://desk.example.org"
    addresses = [a.get("href") for a in tree(client.get("/feeds/")).cssselect(".feed-list dd a")]
    assert addresses[0] == "https://desk.example.org/rss/"
    assert all(address.startswith("https://desk.example.org/") for address in addresses)


@pytest.mark.parametrize(("url", "queries"), [("/countries/", 4), ("/topics/", 4), ("/feeds/", 6)])
def test_index_pages_take_a_fixed_number_of_queries(
    client, archive, django_assert_num_queries, url, queries
):
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    for number in range(6):
        factories.translation(
            title=f"More {number}",
            original_obj=factories.original(
                outlet_obj=factories.outlet(f"Outlet {number}", country_code="FR")
            ),
            topics=[factories.topic(f"Topic {number}")],
        )
    with django_assert_num_queries(queries):
        client.get(url)


def test_index_pages_are_cached_and_follow_a_publish(
    client, archive, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from foreigndesk.core import cache as core_cache
    from foreigndesk.newsroom.actions import publish_translation

    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    monkeypatch.setattr(core_cache, "_memo", (0, 0, 0.0))
    factories.country("IT", "Italy")
    assert "Italy (1)" not in entries(client.get("/countries/"))
    assert client.get("/countries/")["X-Page-Cache"] == "hit"
    draft = factories.translation(
        title="Ports in the south",
        original_obj=factories.original(
            outlet_obj=factories.outlet("Gazzetta del Porto", country_code="IT")
        ),
        state=State.APPROVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(translation=draft)
    assert "Italy (1)" in entries(client.get("/countries/"))
    cache.clear()
