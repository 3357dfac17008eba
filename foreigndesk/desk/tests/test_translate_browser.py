"""The translating page in a real Chromium: a translator works with the keyboard, an editor
saves in between, the translator's save is refused with both texts kept, she merges and saves;
the revisions page shows what changed; at phone width every pair stacks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from foreigndesk.newsroom.models import Translation

from .conftest import PASSWORD, in_translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "“We had waited for this day for two winters,” the mayor said."
EDNAS_FIRST = "The Sorel ferry resumes service on Monday morning."


def open_as(browser, live_server, username: str, path: str, *, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + path)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return context, page


def test_a_translator_works_with_the_keyboard_and_merges_after_a_stale_save(
    browser, live_server, people, artifacts
):
    translation = in_translation(people)
    path = f"/desk/translations/{translation.pk}/translate/"
    tina_context, tina = open_as(browser, live_server, "tina", path)
    expect(tina.locator("#translate-keys")).to_contain_text("Alt")

    # Alt+Down and Alt+Up move from paragraph to paragraph; the pair at work is highlighted.
    expect(tina.locator("form[data-enhanced=true]")).to_have_count(1)
    tina.focus("#text-1")
    expect(tina.locator("#pair-1")).to_have_class("pair pair--pair pair--current")
    tina.keyboard.press("Alt+ArrowDown")
    tina.keyboard.press("Alt+ArrowDown")
    expect(tina.locator("#text-3")).to_be_focused()
    expect(tina.locator("#pair-3")).to_have_class("pair pair--omission pair--current")
    expect(tina.locator("#pair-1")).not_to_have_class("pair pair--pair pair--current")
    tina.keyboard.type(QUOTE)
    tina.keyboard.press("Alt+ArrowUp")
    expect(tina.locator("#text-2")).to_be_focused()
    tina.keyboard.press("Alt+ArrowUp")
    tina.keyboard.press("Control+a")
    tina.keyboard.type("The Sorel ferry runs again from Monday morning.")
    expect(tina.locator("#translate-status")).to_have_text("Unsaved changes")
    # Leaving now would ask first.
    assert tina.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true});"
        " window.dispatchEvent(e); return e.defaultPrevented; }"
    )

    # Meanwhile the editor, in another browser, saves paragraph 1 with Ctrl+S.
    edna_context, edna = open_as(browser, live_server, "edna", path)
    # The keyboard works once the page's script has taken the form over.
    expect(edna.locator("form[data-enhanced=true]")).to_have_count(1)
    edna.fill("#text-1", EDNAS_FIRST)
    edna.focus("#text-1")
    edna.keyboard.press("Control+s")
    expect(edna.locator("#desk-messages")).to_contain_text("Saved as revision 2.")
    edna_context.close()

    # Tina saves with Ctrl+S: refused, and nothing of hers is lost.
    tina.keyboard.press("Control+s")
    expect(tina.locator("#translate-error")).to_contain_text("Edna Hale saved this translation")
    expect(tina.locator("#translate-error")).to_contain_text("revision 2")
    expect(tina.locator("#text-1")).to_have_value(EDNAS_FIRST)
    kept = tina.locator("#pair-3 .kept__text")
    expect(kept).to_have_value(QUOTE)
    expect(tina.locator("#pair-1 .kept__text")).to_have_value(
        "The Sorel ferry runs again from Monday morning."
    )
    expect(tina.locator("#pair-1 .kept__diff ins")).to_have_text("runs again from")
    tina.screenshot(path=str(artifacts / "desk-translate-conflict.png"), full_page=True)
    translation.refresh_from_db()
    assert translation.blocks[0]["text"] == EDNAS_FIRST
    assert len(translation.blocks) == 4

    # She keeps the editor's first paragraph, takes her quotation back and saves again.
    tina.click("#pair-3 .kept__use")
    expect(tina.locator("#text-3")).to_have_value(QUOTE)
    tina.keyboard.press("Control+s")
    expect(tina.locator("#desk-messages")).to_contain_text("Saved as revision 3.")
    translation.refresh_from_db()
    assert [block["text"] for block in translation.blocks][:3] == [
        EDNAS_FIRST,
        "A brand-new quay",
        QUOTE,
    ]
    assert translation.blocks[2]["kind"] == "quotation"
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL

    # The revisions page: Tina's save against Edna's, word by word.
    tina.click("text=Revisions")
    expect(tina.locator("#revision-3")).to_contain_text("Tina Ross")
    expect(tina.locator("#revision-2")).to_contain_text("Edna Hale")
    tina.click("#revision-3 >> text=Compare with 2")
    inserted = tina.locator("#diff-blocks li[data-status=added] ins")
    expect(inserted).to_have_text(QUOTE)
    decoration = inserted.evaluate("element => getComputedStyle(element).textDecorationLine")
    assert "underline" in decoration
    tina.screenshot(path=str(artifacts / "desk-revision-compare.png"), full_page=True)
    tina_context.close()


def test_at_phone_width_each_pair_stacks_with_no_sideways_scrolling(
    browser, live_server, people, artifacts
):
    translation = in_translation(people)
    path = f"/desk/translations/{translation.pk}/translate/"
    context, page = open_as(browser, live_server, "tina", path, width=375)
    expect(page.locator("#pair-1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    original = page.locator("#pair-1 .pair__original").bounding_box()
    field = page.locator("#pair-1 .pair__translation").bounding_box()
    assert original["y"] + original["height"] <= field["y"] + 1
    assert field["width"] <= 375
    page.screenshot(path=str(artifacts / "desk-translate-phone.png"), full_page=True)

    # A save, so that there is something to compare, and the comparison at the same width.
    page.fill("#text-3", QUOTE)
    page.click("#save")
    page.fill("#text-1", "The Sorel ferry runs again from Monday morning, after two winters.")
    page.click("#save")
    page.goto(f"{live_server.url}/desk/translations/{translation.pk}/revisions/2/3/")
    expect(page.locator("#diff-blocks")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"{live_server.url}/desk/translations/{translation.pk}/revisions/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
