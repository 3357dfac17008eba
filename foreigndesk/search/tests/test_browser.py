"""The search page in a real Chromium: typing a query, reading snippets, narrowing by a facet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from foreigndesk.demo.actions import load_demo
from foreigndesk.search.actions import rebuild_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    load_demo()
    rebuild_index()
    return live_server.url


def test_search_from_the_box_then_narrow_by_a_facet(browser, demo_site, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo_site + "/search/")
    assert "Type a word" in page.locator(".search-problem").text_content()
    page.fill("#search-q", "transformer")
    page.press("#search-q", "Enter")
    page.wait_for_url("**/search/?q=transformer*")
    results = page.locator(".search-result")
    total = results.count()
    assert total >= 2
    # Word forms: "transformer" finds "transformers", marked in the title or the snippet.
    marked = page.locator(".search-result mark").all_text_contents()
    assert any(text.lower().startswith("transformer") for text in marked)
    page.screenshot(path=str(artifacts / "search-desktop.png"), full_page=True)

    facet = page.locator(".facet__list a[data-facet=country]").first
    count = int(facet.locator("xpath=following-sibling::span").text_content())
    facet.click()
    page.wait_for_url("**country=*")
    expect(page.locator(".search-result")).to_have_count(count)
    expect(page.locator(".facet__list a[aria-current]")).to_have_count(1)
    # The chosen filter can be taken off again: the click starts a navigation, and the page
    # is read once the unfiltered results have replaced the filtered ones.
    page.locator(".search-chosen a").first.click()
    page.wait_for_url(lambda address: "country=" not in address)
    expect(page.locator(".search-result")).to_have_count(total)
    expect(page.locator(".facet__list a[aria-current]")).to_have_count(0)
    context.close()


def test_a_query_in_the_originals_language_marks_the_snippet(browser, demo_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_site + "/search/?q=" + "Самара")
    snippet = page.locator(".search-result__text").first
    assert snippet.get_attribute("lang") == "ru"
    assert (
        "In the original (Russian)" in page.locator(".search-result__snippet").first.text_content()
    )
    # Syntax characters are text: the page answers, it does not fail.
    page.goto(demo_site + "/search/?q=NEAR(%22civil*%20OR%20:^")
    assert page.locator("h1").text_content() == "Search"
    context.close()
