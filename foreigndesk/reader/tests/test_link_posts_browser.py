"""A link post in a real Chromium, at a desktop's and a phone's width: on the front page marked
as a link, and its page with the notice and the way to the original."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import transitions
from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ORIGINAL_URL = "https://harbour.example/2026/11/ferry"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_link_post_from_the_front_page(browser, live_server, viewport, artifacts):
    factories.language("en")
    factories.country("IT", "Italy")
    source = factories.original(
        title="Il traghetto torna a Sorel",
        language_code="it",
        outlet_obj=factories.outlet("Gazzetta del Porto", country_code="IT"),
        url=ORIGINAL_URL,
    )
    Original.objects.filter(pk=source.pk).update(state=Original.State.SUGGESTED)
    link = transitions.post_link(
        actor=factories.editor("edna"),
        original=source,
        title="The ferry runs again",
        summary="After two winters of repairs, the ferry returns on Monday.",
    )
    factories.full_article(title="A full translation")
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + "/")
    item = page.locator(".article-list__item", has_text="The ferry runs again")
    assert " ".join(item.locator("h2").inner_text().split()) == (
        "ITALY: The ferry runs again (link)"
    )
    assert item.locator(".item__original").get_attribute("href") == ORIGINAL_URL
    assert item.locator(".item__original").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    item.locator("h2 a").click()
    expect(page).to_have_url(live_server.url + link.get_absolute_url())
    notice = page.locator(".link-post__notice")
    assert notice.inner_text() == (
        "This post appeared on the front page as a direct link to the original article."
    )
    # The notice and the way to the original come in the first screenful, on a phone too.
    go = page.locator(".link-post__go a")
    box = go.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= viewport["height"]
    assert go.get_attribute("href") == ORIGINAL_URL
    assert page.locator(".reading-modes").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    name = "desktop" if viewport is DESKTOP else "phone"
    page.screenshot(path=str(artifacts / f"link-post-{name}.png"))
    context.close()
