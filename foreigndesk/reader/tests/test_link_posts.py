"""Link posts as readers meet them: their page, and marked as links on the front page, in
listings, boxes, feeds, search, the API and the sitemap."""

import json
import xml.etree.ElementTree as ET

import pytest
from lxml import html as lxml_html

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import transitions
from foreigndesk.search.actions import rebuild_index
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

NOTICE = "This post appeared on the front page as a direct link to the original article."
ORIGINAL_URL = "https://harbour.example/2026/11/ferry"


@pytest.fixture
def link():
    editor = factories.editor("edna", full_name="Edna Hale")
    factories.language("en")
    factories.country("IT", "Italy")
    ports = factories.topic("Ports")
    source = factories.original(
        title="Il traghetto torna a Sorel",
        language_code="it",
        outlet_obj=factories.outlet("Gazzetta del Porto", country_code="IT"),
        authors=["Giulia Neri"],
        url=ORIGINAL_URL,
    )
    Original.objects.filter(pk=source.pk).update(state=Original.State.SUGGESTED)
    source.refresh_from_db()
    post = transitions.post_link(
        actor=editor,
        original=source,
        title="Vietnam: The ferry runs again",
        summary="After two winters of repairs, the ferry returns on Monday.",
    )
    post.topics.set([ports])
    factories.full_article(title="A full translation")
    return post


def tree(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def test_the_link_posts_page_has_title_summary_dateline_notice_and_link(client, link):
    page = tree(client.get(link.get_absolute_url()))
    assert page.cssselect("h1")[0].text_content() == "Vietnam: The ferry runs again"
    assert page.cssselect(".article__standfirst")[0].text_content() == link.standfirst
    dateline = " ".join(page.cssselect(".dateline")[0].text_content().split())
    assert dateline == "Published in Gazzetta del Porto (Italy) on 2 November 2026 by Giulia Neri"
    assert page.cssselect(".credits") == []
    assert page.cssselect(".link-post__notice")[0].text_content() == NOTICE
    go = page.cssselect(".link-post__go a")[0]
    assert (go.get("href"), go.text_content()) == (
        ORIGINAL_URL,
        "Read the original at Gazzetta del Porto",
    )
    assert page.cssselect("cite[lang=it]")[0].text_content() == "Il traghetto torna a Sorel"
    assert "Posted as a link on" in page.cssselect(".article__published")[0].text_content()
    # No translation, so no reading modes and no empty columns.
    assert page.cssselect(".reading-modes, .parallel") == []
    data = json.loads(page.cssselect("script[type='application/ld+json']")[0].text)
    assert "translationOfWork" not in data
    assert data["isBasedOn"]["url"] == ORIGINAL_URL


def test_listed_as_a_link_with_the_way_to_the_original(client, link):
    for url in ("/", "/countries/italy/", "/topics/ports/"):
        page = tree(client.get(url))
        items = {
            " ".join(h.text_content().split()): h.getparent()
            for h in page.cssselect(".article-list__title")
        }
        key = next(title for title in items if "The ferry runs again" in title)
        assert key.endswith("Vietnam: The ferry runs again (link)"), url
        assert items[key].cssselect(".item__original")[0].get("href") == ORIGINAL_URL
        assert not any(title.endswith("(link)") for title in items if "A full translation" in title)


def test_boxes_mark_the_link(client, link):
    other = factories.translation(title="Dredging the channel")
    other.topics.set(link.topics.all())
    page = tree(client.get(other.get_absolute_url()))
    box = page.cssselect("section[aria-labelledby=topics-heading] li")
    assert [" ".join(li.text_content().split()) for li in box] == [
        "ITALY: Vietnam: The ferry runs again (link)"
    ]


def test_feeds_mark_the_link_and_point_at_the_original(client, link):
    rss = ET.fromstring(client.get("/rss/").content)
    item = next(i for i in rss.iter("item") if "ferry" in i.findtext("title"))
    assert item.findtext("title") == "ITALY: Vietnam: The ferry runs again (link)"
    assert item.findtext("link").endswith(link.get_absolute_url())
    description = item.findtext("description")
    assert NOTICE in description
    assert "Translated from" not in description
    assert f'href="{ORIGINAL_URL}"' in description


def test_the_api_says_which_kind_of_post(client, link):
    answer = client.get("/api/v1/translations").json()
    kinds = {item["title"]: item["kind"] for item in answer["results"]}
    assert kinds == {"Vietnam: The ferry runs again": "link", "A full translation": "translation"}
    detail = client.get(f"/api/v1/translations/{link.slug}").json()
    assert (detail["kind"], detail["blocks"], detail["original"]["url"]) == (
        "link",
        [],
        ORIGINAL_URL,
    )


def test_the_sitemap_and_search_have_it(client, link):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert link.get_absolute_url() in sitemap
    rebuild_index()
    page = tree(client.get("/search/", {"q": "ferry"}))
    titles = [" ".join(h.text_content().split()) for h in page.cssselect(".search-result__title")]
    assert titles == ["ITALY: Vietnam: The ferry runs again (link)"]
