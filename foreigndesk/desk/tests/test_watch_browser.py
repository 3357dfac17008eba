"""An editor finds an original its outlet changed, in a real Chromium at a phone's width."""

from __future__ import annotations

import pytest

from foreigndesk.intake.models import OriginalWatch
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

from .test_watch import BEFORE, html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_sees_the_change_word_by_word_and_marks_it_checked(
    browser, live_server, web, artifacts
):
    editor = factories.editor("ruth")
    editor.set_password("desk-pass-2026")
    editor.save()
    url = web.add("/bac", Route(html(*BEFORE)))
    original = factories.original(
        title="Le bac de Sorel",
        language_code="fr",
        url=url,
        blocks=[{"kind": "paragraph", "text": text} for text in BEFORE],
        outlet_obj=factories.outlet(),
    )
    factories.translation(
        original_obj=original,
        title="The Sorel ferry returns",
        blocks=[
            {"kind": "paragraph", "text": "The Sorel ferry returns to service on Monday."},
            {"kind": "paragraph", "text": "The last crossing will leave at eight in the evening."},
        ],
    )
    web.add(
        "/bac", Route(html(BEFORE[0], BEFORE[1].replace("vingt heures", "vingt et une heures")))
    )

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/desk/originals/{original.pk}/watch/")
    page.fill("#id_username", "ruth")
    page.fill("#id_password", "desk-pass-2026")
    page.click("input[type=submit]")
    assert "Not fetched again" in page.locator("#watch-status").text_content()
    page.click("text=Fetch the original again now")
    assert "Changed" in page.locator("#watch-status").text_content()
    assert page.locator(".watch-row ins").first.text_content().strip() == "et une"
    assert "eight in the evening" in page.locator(".watch-row").first.text_content()
    page.screenshot(path=str(artifacts / "desk-original-changed.png"), full_page=True)

    page.click("text=Changed originals")
    assert page.locator("#watch-list li").count() == 1
    page.click("#watch-list a")
    page.click("#watch-checked button")
    assert "No original has changed." in page.content()
    assert OriginalWatch.objects.get(original=original).outcome == "unchanged"
    context.close()
