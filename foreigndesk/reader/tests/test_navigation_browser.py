"""The header's sections in a real Chromium, at a desktop's and a phone's width, without
JavaScript: every section visible near the top and reachable, nothing wider than the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SECTIONS = ["Latest", "Countries", "Topics", "Search", "Feeds"]


@pytest.fixture
def site(live_server):
    article = factories.full_article(title="The grid waits for its transformers")
    return live_server.url, article


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_sections_lead_to_their_pages_without_javascript(browser, site, viewport, artifacts):
    url, article = site
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.goto(url + article.get_absolute_url())
    nav = page.locator("nav.site-nav")
    links = nav.locator("a")
    assert links.all_text_contents() == SECTIONS
    for index in range(len(SECTIONS)):
        box = links.nth(index).bounding_box()
        assert box is not None
        # Every section sits in the first screenful and is a comfortable target for a finger.
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= viewport["height"] / 3
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewport["width"]
        assert box["height"] >= 24
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    name = "desktop" if viewport is DESKTOP else "phone"
    page.screenshot(path=str(artifacts / f"navigation-{name}.png"))

    links.nth(1).click()
    expect(page).to_have_url(url + "/countries/")
    assert page.locator("h1").text_content() == "Countries"
    assert nav.locator("a[aria-current=page]").text_content() == "Countries"
    page.locator(".index-list a", has_text="Germany").click()
    expect(page).to_have_url(url + "/countries/germany/")

    page.locator("nav.site-nav a", has_text="Topics").click()
    expect(page).to_have_url(url + "/topics/")
    page.locator(".index-list a", has_text="Energy").click()
    expect(page).to_have_url(url + "/topics/energy/")

    page.locator("nav.site-nav a", has_text="Feeds").click()
    expect(page).to_have_url(url + "/feeds/")
    expect(page.locator(".feed-list a", has_text="/topics/energy/rss/")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    page.locator("nav.site-nav a", has_text="Search").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "/search/"))
    page.locator("nav.site-nav a", has_text="Latest").click()
    expect(page).to_have_url(url + "/")
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_topics_box_lists_articles_under_linked_topic_names(browser, live_server, viewport):
    reading = factories.full_article(title="The grid waits for its transformers")
    energy = reading.topics.get()
    neighbour = factories.translation(
        title="Vietnam: Power lines along the coast",
        original_obj=factories.original(
            outlet_obj=factories.outlet("Saigon Evening", country_code="VN")
        ),
        editor_note="Context.",
        topics=[energy],
    )
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + reading.get_absolute_url())
    box = page.locator("section[aria-labelledby=topics-heading]")
    assert box.locator("h3").all_inner_texts() == ["Energy"]
    item = box.locator("li a")
    assert item.count() == 1
    text = " ".join(item.inner_text().split())
    assert text.endswith("Vietnam: Power lines along the coast*")
    assert item.locator(".item__country").count() == 1
    # Inside its column on either width.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    item.click()
    expect(page).to_have_url(live_server.url + neighbour.get_absolute_url())
    page.locator("section[aria-labelledby=topics-heading] h3 a", has_text="Energy").click()
    expect(page).to_have_url(live_server.url + "/topics/energy/")
    page.locator("section[aria-labelledby=topics-heading] .box__more a").click()
    expect(page).to_have_url(live_server.url + "/topics/")
    context.close()
