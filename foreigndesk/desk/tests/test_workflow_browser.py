"""The desk's workflow in a real Chromium: an editor accepts a suggestion, a translator claims it
from the queue and submits it, the editor sends it back, then approves and publishes it; and
every desk page holds at a phone's width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import editing
from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "desk-pass-2026"


def _person(kind: str, username: str, full_name: str) -> Any:
    user = getattr(factories, kind)(username, full_name=full_name)
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(page: Page, base: str, path: str, username: str) -> None:
    page.goto(base + path)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.url.endswith(path), page.url


def _suggestion() -> Original:
    original = factories.original(
        title="Die Fähre nach Kaub fährt wieder",
        outlet_obj=factories.outlet("Rheinische Abendpost", country_code="DE"),
        authors=["Anna Keller"],
        url="https://rheinische-abendpost.example/region/2026/11/02/"
        "die-faehre-nach-kaub-faehrt-wieder-nach-monaten-des-niedrigwassers",
    )
    Original.objects.filter(pk=original.pk).update(state=Original.State.SUGGESTED)
    return original


def _trail(page: Page) -> list[str]:
    return page.locator("#audit-trail li").evaluate_all(
        "items => items.map(item => item.dataset.action)"
    )


def test_a_suggestion_goes_from_triage_to_publication(browser, live_server, artifacts):
    factories.language("en")
    _person("editor", "edna", "Edna Hale")
    translator = _person("translator", "tina", "Tina Ross")
    original = _suggestion()

    editor_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(editor_page, live_server.url, "/desk/suggestions/", "edna")
    editor_page.click(f"text={original.title}")
    editor_page.fill("#accept-form textarea", "Our readers follow the Rhine crossings.")
    editor_page.click("#accept-form button")
    expect(editor_page.locator("#desk-messages")).to_contain_text("is accepted")
    expect(editor_page.locator("#translation-state")).to_have_text("Accepted")
    translation = Translation.objects.get(original=original)
    desk_path = f"/desk/translations/{translation.pk}/"

    translator_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(translator_page, live_server.url, "/desk/queue/?state=20", "tina")
    translator_page.click(f"#translation-{translation.pk} button:has-text('Claim')")
    expect(translator_page.locator("#translation-state")).to_have_text("Claimed")
    expect(translator_page.locator("#claimant")).to_contain_text("Tina Ross")

    # The text is typed on the translating page, built elsewhere; here the action stands in.
    translation.refresh_from_db()
    editing.save_translation_text(
        actor=translator,
        translation=translation,
        expected_revision=translation.revision,
        title="The ferry to Kaub sails again",
        blocks=[
            {"kind": "paragraph", "text": "The ferry to Kaub sails again after months."},
            {"kind": "heading", "text": "A subheading"},
            {"kind": "paragraph", "text": "The water of the Rhine has risen."},
        ],
    )
    translator_page.reload()
    translator_page.fill("#move-submit textarea", "First draft, ready for review.")
    translator_page.click("#move-submit button")
    expect(translator_page.locator("#translation-state")).to_have_text("In review")

    editor_page.goto(live_server.url + desk_path)
    editor_page.fill(
        "#move-request_changes textarea", "Name the ferry's operator in the first paragraph."
    )
    editor_page.click("#move-request_changes button")
    expect(editor_page.locator("#translation-state")).to_have_text("Changes requested")

    translator_page.reload()
    expect(translator_page.locator("#audit-trail")).to_contain_text("Name the ferry's operator")
    translator_page.click("#move-submit button")
    expect(translator_page.locator("#translation-state")).to_have_text("In review")

    editor_page.goto(live_server.url + desk_path)
    editor_page.click("#move-approve button")
    expect(editor_page.locator("#translation-state")).to_have_text("Approved")
    expect(editor_page.locator("#publishing-problems")).to_contain_text("Nothing is missing")
    editor_page.click("#move-publish button")
    expect(editor_page.locator("#translation-state")).to_have_text("Published")
    assert _trail(editor_page) == [
        "accept",
        "claim",
        "start",
        "edit",
        "submit",
        "request_changes",
        "submit",
        "approve",
        "publish",
    ]
    trail = editor_page.locator("#audit-trail")
    expect(trail).to_contain_text("Edna Hale · accepted · suggested → accepted")
    expect(trail).to_contain_text("Tina Ross · submitted · changes requested → in review")
    expect(trail).to_contain_text("Edna Hale · published · approved → published")
    editor_page.screenshot(path=str(artifacts / "desk-translation.png"), full_page=True)
    translation.refresh_from_db()
    assert translation.state == State.PUBLISHED
    editor_page.context.close()
    translator_page.context.close()


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide"


def test_desk_pages_hold_at_a_phones_width(browser, live_server, artifacts):
    factories.language("en")
    _person("editor", "edna", "Edna Hale")
    translator = _person("translator", "tina", "Tina Ross")
    original = _suggestion()
    original.blocks = [
        {
            "kind": "paragraph",
            "text": "Die Fähre nach Kaub fährt nach Monaten des Niedrigwassers wieder.",
        },
        {"kind": "paragraph", "text": "Der Pegel stieg am Wochenende um einen halben Meter."},
        {
            "kind": "paragraph",
            "text": "Die Betreiber rechnen mit vollen Fahrplänen bis Weihnachten.",
        },
    ]
    original.save()
    translation = factories.translation(
        original_obj=original,
        title="The ferry to Kaub sails again after months of low water on the Rhine",
        state=State.IN_REVIEW,
        translators=[translator.contributor],
        blocks=[
            {
                "kind": "paragraph",
                "text": "The ferry to Kaub sails again after months of low water.",
            },
            {"kind": "paragraph", "text": "The level rose by half a metre at the weekend."},
            {"kind": "paragraph", "text": "The operators expect full timetables until Christmas."},
        ],
        alignment=from_pairs([([0], [0]), ([1], [1]), ([2], [2])]),
    )
    Translation.objects.filter(pk=translation.pk).update(claimed_by=translator)
    editing.add_comment(
        actor=translator,
        translation=translation,
        text="Is https://rheinische-abendpost.example/region/2026/11/02/fahrplan the timetable?",
    )

    page = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    _log_in(page, live_server.url, "/desk/", "edna")
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts / "desk-dashboard-phone.png"), full_page=True)
    for path in (
        f"/desk/translations/{translation.pk}/",
        "/desk/queue/",
        f"/desk/originals/{original.pk}/",
        "/desk/import/",
    ):
        page.goto(live_server.url + path)
        _no_sideways_scroll(page)
    page.goto(live_server.url + f"/desk/translations/{translation.pk}/")
    page.screenshot(path=str(artifacts / "desk-translation-phone.png"), full_page=True)
    # Forms are stacked: each move's form takes the width of the page.
    boxes = [
        page.locator(f"#move-{name}").bounding_box() for name in ("request_changes", "approve")
    ]
    assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1

    page.goto(live_server.url + f"/desk/translations/{translation.pk}/alignment/")
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts / "desk-alignment-phone.png"), full_page=True)
    # Each row shows its original, then its translation, each at nearly the page's width.
    original_cell = page.locator("#row-1 .alignment__original").bounding_box()
    translation_cell = page.locator("#row-1 .alignment__translation").bounding_box()
    assert original_cell["width"] > 250
    assert translation_cell["width"] > 250
    assert translation_cell["y"] >= original_cell["y"] + original_cell["height"] - 1
    expect(page.locator("#row-1 .alignment__side").first).to_be_visible()
    page.context.close()
