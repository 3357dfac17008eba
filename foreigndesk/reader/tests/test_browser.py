"""The article page in a real Chromium: reading modes, scripts, layouts at phone and desktop width."""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from foreigndesk.demo.actions import load_demo
from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo_site(live_server):
    load_demo()
    return live_server.url


def article_with_gaps() -> Translation:
    """A demo article whose alignment has an omission and an addition, with an RTL or CJK original."""
    for translation in Translation.objects.published().select_related("original__language"):
        kinds = {(bool(b["original"]), bool(b["translation"])) for b in translation.alignment}
        if (True, False) in kinds and (False, True) in kinds:
            return translation
    raise AssertionError("the demo needs an article with an omission and an addition")


def open_page(browser, url, viewport=DESKTOP, javascript=True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_switching_modes_in_place_and_remembering_the_choice(browser, demo_site, artifacts):
    article = article_with_gaps()
    context, page = open_page(browser, demo_site + article.get_absolute_url())
    assert page.locator("#article").get_attribute("data-mode") == "stacked"
    # Stacked: original after the translation, vertically.
    t_box = page.locator(".parallel__translation .bead").first.bounding_box()
    o_box = page.locator(".parallel__original .bead").first.bounding_box()
    assert o_box["y"] > t_box["y"] + t_box["height"]
    assert page.locator(".bead--gap").first.is_hidden()

    page.click("a[data-mode=side]")
    assert page.locator("#article").get_attribute("class") == "article article--side"
    assert "mode=side" in page.url
    t_box = page.locator(".parallel__translation .bead").first.bounding_box()
    o_box = page.locator(".parallel__original .bead").first.bounding_box()
    assert abs(t_box["y"] - o_box["y"]) < 2
    assert o_box["x"] > t_box["x"] + t_box["width"]
    # The omission's placeholder sits in the translation column, on the omitted paragraph's row.
    omission = page.locator(".parallel__original .bead--omission").first
    gap = page.locator(".parallel__translation .bead--gap").first
    assert gap.is_visible()
    assert abs(gap.bounding_box()["y"] - omission.bounding_box()["y"]) < 2
    addition = page.locator(".parallel__translation .bead--addition").first
    assert "Translator's addition" in addition.text_content()
    page.screenshot(path=str(artifacts / "article-side-desktop.png"), full_page=True)

    # Another article, opened without ?mode=, comes up in the remembered mode.
    other = (
        Translation.objects.published()
        .filter(kind=Translation.Kind.TRANSLATION)
        .exclude(pk=article.pk)
        .first()
    )
    page.goto(demo_site + other.get_absolute_url())
    assert page.locator("#article").get_attribute("data-mode") == "side"
    page.click("a[data-mode=stacked]")
    page.goto(demo_site + article.get_absolute_url())
    assert page.locator("#article").get_attribute("data-mode") == "stacked"
    context.close()


def test_modes_work_without_javascript(browser, demo_site):
    article = article_with_gaps()
    context, page = open_page(browser, demo_site + article.get_absolute_url(), javascript=False)
    page.click("a[data-mode=side]")
    assert page.url.endswith("?mode=side")
    assert page.locator("#article").get_attribute("data-mode") == "side"
    context.close()


def test_right_to_left_and_cjk_originals(browser, demo_site, artifacts):
    for code in ("ar", "ja", "zh"):
        article = Translation.objects.published().filter(original__language_id=code).first()
        assert article, f"the demo needs a {code} original"
        context, page = open_page(browser, demo_site + article.get_absolute_url() + "?mode=side")
        section = page.locator(".parallel__original")
        assert section.get_attribute("lang") == code
        direction = page.evaluate(
            "getComputedStyle(document.querySelector('.parallel__original .block')).direction"
        )
        assert direction == ("rtl" if code == "ar" else "ltr")
        # Glyphs come from a font that has them: rendered text is wider than zero per character.
        width = page.evaluate(
            "(() => { const r = document.createRange();"
            " r.selectNodeContents(document.querySelector('#original-title'));"
            " return r.getBoundingClientRect().width; })()"
        )
        assert width > 50
        page.screenshot(path=str(artifacts / f"article-{code}-side.png"))
        context.close()


def test_phone_width_interleaves_pairs_and_nothing_overflows(browser, demo_site, artifacts):
    article = article_with_gaps()
    context, page = open_page(browser, demo_site + article.get_absolute_url() + "?mode=side", PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    first_t = page.locator(".parallel__translation .bead").first.bounding_box()
    first_o = page.locator(".parallel__original .bead").first.bounding_box()
    second_t = page.locator(".parallel__translation .bead").nth(1).bounding_box()
    assert first_t["y"] < first_o["y"] < second_t["y"]
    page.screenshot(path=str(artifacts / "article-side-phone.png"), full_page=True)
    page.goto(demo_site + article.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(artifacts / "article-stacked-phone.png"), full_page=True)
    context.close()


def test_page_structure_is_accessible(browser, demo_site, artifacts):
    article = Translation.objects.published().exclude(editor_note="").first()
    context, page = open_page(browser, demo_site + article.get_absolute_url())
    assert page.locator("header[role=banner]").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("footer[role=contentinfo]").count() == 1
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.click(".article__title .asterisk")
    assert page.url.endswith("#editors-note")
    page.screenshot(path=str(artifacts / "article-desktop.png"))
    target = os.environ.get("FOREIGNDESK_README_SCREENSHOT")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        page.goto(demo_site + article.get_absolute_url() + "?mode=side")
        page.screenshot(path=target)
        shutil.copy(target, artifacts / "readme.png")
    context.close()


def test_reader_walks_from_front_page_through_a_country_and_a_topic(browser, demo_site, artifacts):
    context, page = open_page(browser, demo_site + "/")
    assert page.locator("h1").inner_text() == "Latest translations"
    page.locator("#countries-heading + ul a", has_text="Egypt").click()
    expect(page).to_have_url(re.compile(r"/countries/egypt/$"))
    assert page.locator("h1").inner_text() == "From the press of Egypt"
    titles = page.locator(".article-list__title").all_inner_texts()
    assert titles
    # The page says the country; its items do not repeat it.
    assert not any(title.startswith("EGYPT:") for title in titles)
    page.locator("nav.site-nav a", has_text="Topics").click()
    page.locator(".index-list a", has_text="Diplomacy").click()
    expect(page).to_have_url(re.compile(r"/topics/diplomacy/$"))
    first = page.locator(".article-list__title a").first
    title = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/\d{4}/\d{2}/[\w-]+/$"))
    assert page.locator("h1").inner_text().rstrip("*") in title
    page.locator(".article__topics a").first.click()
    expect(page).to_have_url(re.compile(r"/topics/[\w-]+/$"))
    page.screenshot(path=str(artifacts / "topic-listing.png"))
    context.close()


def test_a_moved_paragraph_side_by_side_and_read_in_order(browser, live_server, artifacts):
    original = factories.original(
        blocks=[
            {"kind": "paragraph", "text": f"Absatz {k} des Originals, lang genug für eine Zeile."}
            for k in range(1, 6)
        ]
    )
    translation = factories.translation(
        original_obj=original,
        blocks=[
            {"kind": "paragraph", "text": f"Paragraph {k} of the translation, long enough."}
            for k in (1, 3, 4, 5, 2)
        ],
        alignment=[
            {"original": [0], "translation": [0]},
            {"original": [1], "translation": [4], "moved": True},
            {"original": [2], "translation": [1]},
            {"original": [3], "translation": [2]},
            {"original": [4], "translation": [3]},
        ],
    )
    url = live_server.url + translation.get_absolute_url()
    context, page = open_page(browser, url + "?mode=side")
    moved = page.locator("#t1")
    beside = page.locator("#o1")
    assert "Moved by the translator" in moved.text_content()
    assert "Translated elsewhere" in beside.text_content()
    # Side by side, the moved paragraph stands on its original's row.
    assert abs(moved.bounding_box()["y"] - beside.bounding_box()["y"]) < 2
    assert moved.bounding_box()["y"] < page.locator("#t2").bounding_box()["y"]
    page.screenshot(path=str(artifacts / "article-moved-side.png"), full_page=True)
    # Translation first: the translator's order, with no mark in the translation.
    page.click("a[data-mode=stacked]")
    assert page.locator("#t1 .bead__label--moved").is_hidden()
    assert page.locator("#t1").bounding_box()["y"] > page.locator("#t4").bounding_box()["y"]
    assert page.locator("#o1 .bead__label--moved").is_visible()
    context.close()
