"""The workbench's glossary hints and quality checks in a real Chromium: the translator sees
the desk's term for a word of the original, and a figure she mistyped; once she corrects it and
confirms the segment, the finding is gone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories
from foreigndesk.workbench import glossary

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORIGINAL = [
    {"kind": "paragraph", "text": "Le bac de Sorel transporte 1 700 passagers par jour."},
    {"kind": "paragraph", "text": "Le maire parle d'un succès pour la ville."},
]
TRANSLATION = [
    {"kind": "paragraph", "text": "The Sorel ferry carries 1,070 passengers a day."},
    {"kind": "paragraph", "text": "The mayor speaks of a success for the town."},
]


def test_a_glossary_hint_and_a_number_check_that_goes_once_fixed(
    browser, live_server, people, artifacts
):
    original = factories.original(
        title="Le bac de Sorel",
        language_code="fr",
        blocks=ORIGINAL,
        outlet_obj=factories.outlet("La Voix du Fleuve", country_code="DE"),
    )
    translation = factories.translation(
        original_obj=original,
        title="The Sorel ferry",
        blocks=TRANSLATION,
        state=State.IN_TRANSLATION,
        translators=[people.translator.contributor],
    )
    Translation.objects.filter(pk=translation.pk).update(
        claimed_by=people.translator, claimed_at=timezone.now(), last_activity_at=timezone.now()
    )
    glossary.save_term(
        actor=people.editor,
        source_language="fr",
        target_language="en",
        entry=glossary.Entry("bac", "ferry", "the river ferry", ("tub",)),
    )

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/desk/translations/{translation.pk}/workbench/")
    page.fill("#id_username", "tina")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    first = page.locator("#s-0")
    terms = first.get_by_role("list", name="Glossary terms in segment 1")
    expect(terms).to_contain_text("bac → ferry")
    expect(terms).to_contain_text("not: tub")
    finding = first.locator(".finding[data-check=numbers]")
    expect(finding).to_have_text(
        "Segment 1: the original's number “1 700” reads “1,070” in the translation."
    )
    expect(page.locator("#checks")).to_contain_text("1 finding")
    page.screenshot(path=str(artifacts / "desk-workbench-checks.png"), full_page=True)

    page.fill("#target-0", "The Sorel ferry carries 1,700 passengers a day.")
    page.locator("#form-0").get_by_role("button", name="Confirm").click()
    expect(page.locator("#desk-messages")).to_contain_text("Segment 1 saved")
    expect(page.locator("#s-0 .finding")).to_have_count(0)
    expect(
        page.locator("#s-0").get_by_role("list", name="Glossary terms in segment 1")
    ).to_contain_text("bac → ferry")
    expect(page.locator("#checks")).to_contain_text("No finding: every check passes.")
    context.close()
