"""A short article translated segment by segment on the workbench, in a real Chromium: a memory
match used for the first sentence, the glossary's term shown for the second, a figure mistyped
there flagged by the numbers check and the flag gone once it is fixed, the last typed by hand."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories
from foreigndesk.workbench import glossary
from foreigndesk.workbench.memory import seed_from_archive
from foreigndesk.workbench.models import Segment

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EARLIER = "The Sorel ferry is back in service on Tuesday morning."
ORIGINAL = [
    {"kind": "paragraph", "text": "Le bac de Sorel reprend son service mardi matin."},
    {"kind": "paragraph", "text": "Le bac transporte 1 700 passagers par jour."},
    {"kind": "paragraph", "text": "Le maire parle d'un succès pour la ville."},
]


def save(page, position: int, text: str) -> None:
    page.fill(f"#target-{position}", text)
    page.locator(f"#form-{position}").get_by_role("button", name="Confirm").click()
    expect(page.locator("#desk-messages")).to_contain_text(f"Segment {position + 1} saved")


def test_a_short_article_translated_with_memory_glossary_and_checks(
    browser, live_server, people, artifacts
):
    earlier = factories.original(
        title="Le bac de Sorel en panne",
        language_code="fr",
        blocks=[{"kind": "paragraph", "text": "Le bac de Sorel reprend son service mardi soir."}],
    )
    factories.translation(
        original_obj=earlier,
        title="The Sorel ferry breaks down",
        blocks=[{"kind": "paragraph", "text": EARLIER}],
        alignment=from_pairs([([0], [0])]),
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0)),
    )
    seed_from_archive()
    glossary.save_term(
        actor=people.editor,
        source_language="fr",
        target_language="en",
        entry=glossary.Entry("bac", "ferry", "the river ferry", ()),
    )
    original = factories.original(title="Le bac de Sorel", language_code="fr", blocks=ORIGINAL)
    translation = factories.translation(
        original_obj=original,
        title="The Sorel ferry",
        blocks=[],
        state=State.IN_TRANSLATION,
        translators=[people.translator.contributor],
    )
    Translation.objects.filter(pk=translation.pk).update(
        claimed_by=people.translator, claimed_at=timezone.now(), last_activity_at=timezone.now()
    )

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/desk/translations/{translation.pk}/workbench/")
    page.fill("#id_username", "tina")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    # First sentence: the memory's match for a near-identical sentence, used as it is.
    page.wait_for_load_state("load")
    page.click("#target-0")
    match = page.locator("#help-0 .match")
    expect(match).to_have_count(1)
    match.get_by_role("button", name="Use this translation").click()
    expect(page.locator("#desk-messages")).to_contain_text("Segment 1 saved")
    expect(page.locator("#s-0 .segment__origin")).to_have_text("Memory")

    # Second: the glossary's term for "bac", and a figure mistyped, then fixed.
    terms = page.locator("#s-1").get_by_role("list", name="Glossary terms in segment 2")
    expect(terms).to_contain_text("bac → ferry")
    save(page, 1, "The ferry carries 1,070 passengers a day.")
    expect(page.locator("#s-1 .finding[data-check=numbers]")).to_contain_text("1,070")
    save(page, 1, "The ferry carries 1,700 passengers a day.")
    expect(page.locator("#s-1 .finding")).to_have_count(0)

    # Third, by hand; nothing is left to flag.
    save(page, 2, "The mayor speaks of a success for the town.")
    expect(page.locator("#checks")).to_contain_text("No finding: every check passes.")
    page.screenshot(path=str(artifacts / "desk-workbench-done.png"), full_page=True)
    context.close()

    targets = list(
        Segment.objects.filter(translation=translation)
        .order_by("position")
        .values_list("target", "origin")
    )
    assert targets == [
        (EARLIER, "memory"),
        ("The ferry carries 1,700 passengers a day.", "human"),
        ("The mayor speaks of a success for the town.", "human"),
    ]
