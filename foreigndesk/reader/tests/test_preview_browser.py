"""The desk's preview and a withdrawn article's notice in a real Chromium."""

import pytest
from django.conf import settings
from django.test import Client

from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def logged_in_context(browser, live_server, user):
    """A browser context carrying the session of ``user``, as after logging in."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_the_preview_shows_its_banner_and_reads_side_by_side(browser, live_server, artifacts):
    draft = factories.full_article(title="Ferries return to the Elbe", state=State.IN_REVIEW)
    context = logged_in_context(browser, live_server, factories.editor())
    page = context.new_page()
    response = page.goto(live_server.url + draft.preview_url)
    assert response.status == 200
    banner = page.locator("#preview-banner")
    assert banner.is_visible()
    assert "Preview: not published" in banner.text_content()
    assert "In review" in banner.text_content()
    assert page.locator(".article__title").text_content().startswith("Ferries return")

    page.click("a[data-mode=side]")
    assert page.locator("#article").get_attribute("class") == "article article--side"
    t_box = page.locator(".parallel__translation .bead").first.bounding_box()
    o_box = page.locator(".parallel__original .bead").first.bounding_box()
    assert abs(t_box["y"] - o_box["y"]) < 2
    assert o_box["x"] > t_box["x"] + t_box["width"]
    # The banner stays in view while the editor reads on.
    page.set_viewport_size({"width": 1280, "height": 400})
    page.evaluate("window.scrollTo(0, 300)")
    assert page.evaluate("window.scrollY") > 0
    assert banner.is_visible()
    assert abs(banner.bounding_box()["y"]) < 2
    page.screenshot(path=str(artifacts / "preview-side.png"), full_page=False)
    context.close()


def test_a_withdrawn_article_shows_its_notice(browser, live_server, artifacts):
    article = factories.full_article(title="Ferries return to the Elbe")
    transitions.withdraw(
        actor=factories.editor(), translation=article, reason="The outlet retracted the report."
    )
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    response = page.goto(live_server.url + article.public_url)
    assert response.status == 410
    assert page.locator("h1").text_content() == "Ferries return to the Elbe"
    assert page.locator(".withdrawn__date").text_content().startswith("Withdrawn on ")
    assert page.locator(".withdrawn__reason").is_visible()
    assert page.locator(".site-header").is_visible()
    assert page.locator(".parallel").count() == 0
    page.screenshot(path=str(artifacts / "withdrawn.png"), full_page=True)
    context.close()
