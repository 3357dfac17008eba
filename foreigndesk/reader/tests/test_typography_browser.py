"""Scripts set as their readers expect, checked through Chromium's computed styles: no slanted
CJK glyph, Arabic not smaller than Latin, boxes inside their columns, labels on one line."""

from __future__ import annotations

import pytest

from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _article(language_code: str, blocks: list[dict[str, str]]):
    original = factories.original(
        title={"zh": "渡轮恢复运营", "ar": "عودة العبّارة"}[language_code],
        language_code=language_code,
        blocks=blocks,
        outlet_obj=factories.outlet("Harbour Daily", country_code="DE"),
    )
    return factories.translation(
        original_obj=original,
        title="The ferry runs again",
        blocks=[{"kind": "paragraph", "text": "The ferry runs again from Monday."}],
        alignment=[
            {"original": [0], "translation": [0]},
            {"original": [1], "translation": []},
        ],
    )


# Where an element's first line sits: the bottom of an empty inline block put at its start.
BASELINE = """element => {
    const probe = document.createElement("span");
    probe.style.cssText = "display: inline-block; width: 0; height: 0";
    element.prepend(probe);
    const baseline = probe.getBoundingClientRect().bottom;
    probe.remove();
    return baseline;
}"""


def _open(browser, url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_a_chinese_quotation_is_never_slanted_and_boxes_keep_to_their_columns(browser, live_server):
    article = _article(
        "zh",
        [
            {"kind": "paragraph", "text": "渡轮周一恢复运营。"},
            {"kind": "quotation", "text": "“我们等了两个冬天。”镇长说。"},
        ],
    )
    context, page = _open(browser, f"{live_server.url}{article.get_absolute_url()}?mode=side")
    quotation = page.locator(".parallel__original .block--quotation").first
    assert quotation.evaluate("element => getComputedStyle(element).fontStyle") == "normal"
    # The omitted paragraph's box stays inside the original's column.
    omission = page.locator(".parallel__original .bead--omission").first
    # Painted edges count too: no shadow drawn past the column.
    assert omission.evaluate("element => getComputedStyle(element).boxShadow") == "none"
    box = omission.bounding_box()
    column = page.locator(".parallel__original > .parallel__head").bounding_box()
    assert box["x"] >= column["x"] - 0.5
    assert box["x"] + box["width"] <= column["x"] + column["width"] + 0.5
    # The two columns' labels sit on one baseline, though the original's names its language in
    # its own script, whose font is taller.
    translation_label = page.locator(".parallel__translation > .parallel__head").evaluate(BASELINE)
    original_label = page.locator(".parallel__original .parallel__label").evaluate(BASELINE)
    assert abs(translation_label - original_label) <= 0.5
    context.close()


def test_arabic_reads_at_least_as_large_as_english(browser, live_server):
    article = _article(
        "ar",
        [
            {"kind": "paragraph", "text": "عادت العبّارة إلى العمل يوم الاثنين."},
            {"kind": "paragraph", "text": "وقال رئيس البلدية إن السكان انتظروا طويلاً."},
        ],
    )
    context, page = _open(browser, f"{live_server.url}{article.get_absolute_url()}")
    size = "element => parseFloat(getComputedStyle(element).fontSize)"
    arabic = page.locator(".parallel__original .block").first.evaluate(size)
    english = page.locator(".parallel__translation .block").first.evaluate(size)
    assert arabic >= english * 1.05
    context.close()
