"""A title with its own colon ("Vietnam: An Outlet for China") is never read as "COUNTRY: TITLE"."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.reader.actions import record_views
from foreigndesk.reader.phrases import listed_title
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

TITLE = "Vietnam: An Outlet for China"


@pytest.fixture
def colon_titles():
    factories.country("VN", "Vietnam")
    with_country = factories.translation(
        title=TITLE,
        editor_note="Context.",
        original_obj=factories.original(outlet_obj=factories.outlet("Tuoi Tre", country_code="VN")),
    )
    without_country = factories.translation(
        title="Ports: who owns the quays",
        original_obj=factories.original(
            outlet_obj=factories.outlet("Stateless", country_code=None)
        ),
    )
    record_views(translation_id=with_country.pk, day=timezone.localdate(), views=5)
    return with_country, without_country


def listed(tree, selector):
    return [" ".join(node.text_content().split()) for node in tree.cssselect(selector)]


def test_plain_text_keeps_the_title_whole_after_the_country():
    assert listed_title(country="Vietnam", title=TITLE) == "VIETNAM: Vietnam: An Outlet for China"
    assert listed_title(country="", title="Ports: who owns the quays") == (
        "Ports: who owns the quays"
    )


def test_listings_mark_the_country_apart_from_the_titles_colon(client, colon_titles):
    tree = lxml_html.fromstring(client.get("/").content)
    assert sorted(listed(tree, ".article-list__title")) == [
        "Ports: who owns the quays",
        "VIETNAM: Vietnam: An Outlet for China*",
    ]
    # Only a real country is marked as the prefix; a title's own words never are.
    assert listed(tree, ".article-list__title .item__country") == ["VIETNAM:"]
    assert listed(tree, "#hot-heading + ol li") == ["VIETNAM: Vietnam: An Outlet for China*"]


@pytest.mark.parametrize("url", ["/rss/", "/countries/vietnam/rss/"])
def test_feed_titles_keep_the_titles_colon(client, colon_titles, url):
    titles = [
        item.findtext("title") for item in ET.fromstring(client.get(url).content).iter("item")
    ]
    assert "VIETNAM: Vietnam: An Outlet for China" in titles
    if url == "/rss/":
        assert "Ports: who owns the quays" in titles


def test_page_title_is_the_title_whole(client, colon_titles):
    with_country, _ = colon_titles
    tree = lxml_html.fromstring(client.get(with_country.get_absolute_url()).content)
    assert tree.findtext(".//title") == f"{TITLE} · {settings.SITE_NAME}"
    assert listed(tree, ".article__title") == [f"{TITLE}*"]
