"""The workbench's memory in a real Chromium: the translator reaches a segment, its match from a
published article appears with its similarity and origin, and one click puts it in the segment."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.testing import factories
from foreigndesk.workbench.memory import seed_from_archive
from foreigndesk.workbench.models import Segment

from .conftest import PASSWORD, in_translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EARLIER = "The Sorel ferry is back in service on Tuesday morning."


def published_earlier() -> None:
    """An article the desk published last month, with a sentence like the one at work."""
    original = factories.original(
        title="Le bac de Sorel en panne",
        language_code="fr",
        blocks=[{"kind": "paragraph", "text": "Le bac de Sorel reprend son service mardi matin."}],
    )
    factories.translation(
        original_obj=original,
        title="The Sorel ferry breaks down",
        blocks=[{"kind": "paragraph", "text": EARLIER}],
        alignment=from_pairs([([0], [0])]),
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0)),
    )
    assert seed_from_archive().added == 1


def test_a_match_appears_as_the_translator_reaches_the_segment_and_is_used(
    browser, live_server, people, artifacts
):
    published_earlier()
    translation = in_translation(people)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + f"/desk/translations/{translation.pk}/workbench/")
    page.fill("#id_username", "tina")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    # The first segment has no matches loaded until the translator reaches it.
    help_0 = page.locator("#help-0")
    expect(help_0.locator(".segment__help-link")).to_be_visible()
    page.wait_for_load_state("load")
    page.click("#target-0")
    match = help_0.locator(".match")
    expect(match).to_have_count(1)
    score = int(match.locator(".match__score").inner_text().rstrip("%"))
    assert 85 <= score < 100
    expect(match.locator(".match__where")).to_have_text(
        "“The Sorel ferry breaks down”, 3 November 2026"
    )
    expect(match.locator(".match__target")).to_have_text(EARLIER)
    page.screenshot(path=str(artifacts / "desk-workbench-memory.png"), full_page=True)

    match.get_by_role("button", name="Use this translation").click()
    expect(page.locator("#desk-messages")).to_contain_text("Segment 1 saved")
    expect(page.locator("#target-0")).to_have_value(EARLIER)
    expect(page.locator("#s-0 .segment__origin")).to_have_text("Memory")
    segment = Segment.objects.get(translation=translation, position=0)
    assert (segment.target, segment.origin) == (EARLIER, "memory")
    context.close()
