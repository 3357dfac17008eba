"""The alignment editor in a real Chromium: an editor corrects the pairs, readers see them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORIGINAL = [
    {"kind": "paragraph", "text": "La bibliothèque de Vernon rouvre après un an de travaux."},
    {"kind": "paragraph", "text": "Le toit fuyait depuis longtemps."},
    {"kind": "paragraph", "text": "La salle de lecture compte désormais quarante places."},
    {"kind": "paragraph", "text": "Les horaires du samedi restent inchangés."},
]
TRANSLATION = [
    {"kind": "paragraph", "text": "Vernon's library reopens after a year of building work."},
    {"kind": "paragraph", "text": "Its roof had leaked for a long time."},
    {"kind": "paragraph", "text": "The reading room now has forty seats."},
    # Not in the original: the pairing given below is wrong, and the editor corrects it.
    {"kind": "paragraph", "text": "A café is to open beside the library in the spring."},
]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("odile", password="desk-pass-2026", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_translation"))
    return user


@pytest.fixture
def translation():
    original = factories.original(language_code="fr", blocks=ORIGINAL)
    return factories.translation(
        original_obj=original,
        title="Vernon's library reopens",
        blocks=TRANSLATION,
        alignment=from_pairs([([0], [0]), ([1], [1]), ([2], [2]), ([3], [3])]),
    )


def test_editor_joins_and_detaches_rows_and_readers_see_the_pairs(
    browser, live_server, editor, translation, artifacts
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/desk/translations/{translation.pk}/alignment/")
    # Not logged in: the desk sends the editor to log in first, then back.
    page.fill("#id_username", "odile")
    page.fill("#id_password", "desk-pass-2026")
    page.click("input[type=submit]")
    rows = page.locator("#alignment tbody tr")
    expect(rows).to_have_count(4)
    assert page.locator("#row-1").get_attribute("data-kind") == "1-1"
    assert page.locator("#row-1 .alignment__original").get_attribute("lang") == "fr"

    # The first two paragraphs of the original are rendered by the first two of the translation.
    page.click("#row-1 button[value=join]")
    expect(rows).to_have_count(3)
    expect(page.locator("#desk-messages")).to_contain_text("Rows 1 and 2 joined")
    assert page.locator("#row-1").get_attribute("data-kind") == "2-2"
    expect(page.locator("#row-1 .alignment__original")).to_contain_text("Le toit fuyait")

    # The last pair is in fact a paragraph left out and a sentence the translator added.
    page.click("#row-3 button[value=detach]")
    expect(rows).to_have_count(4)
    expect(page.locator("#desk-messages")).to_contain_text("Row 3 detached")
    expect(page.locator("#row-3 .row-label")).to_have_text("omission")
    expect(page.locator("#row-4 .row-label")).to_have_text("addition")
    expect(page.locator("#alignment-summary")).to_contain_text("Corrected by an editor")
    page.screenshot(path=str(artifacts / "desk-alignment-editor.png"), full_page=True)
    translation.refresh_from_db()
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL

    # The article page, side by side, reads along the new pairs.
    page.goto(live_server.url + translation.get_absolute_url() + "?mode=side")
    first_t = page.locator(".parallel__translation .bead").first
    first_o = page.locator(".parallel__original .bead").first
    expect(first_o).to_contain_text("Le toit fuyait")
    expect(first_t).to_contain_text("Its roof had leaked")
    t_box, o_box = first_t.bounding_box(), first_o.bounding_box()
    assert abs(t_box["y"] - o_box["y"]) < 2
    assert o_box["x"] > t_box["x"] + t_box["width"]
    omission = page.locator(".parallel__original .bead--omission")
    expect(omission).to_have_count(1)
    expect(omission).to_contain_text("Les horaires du samedi")
    addition = page.locator(".parallel__translation .bead--addition")
    expect(addition).to_have_count(1)
    expect(addition).to_contain_text("A café is to open")
    # The omission's placeholder sits on its row in the translation column.
    gap = page.locator(".parallel__translation .bead--gap")
    assert abs(gap.bounding_box()["y"] - omission.bounding_box()["y"]) < 2
    page.screenshot(path=str(artifacts / "article-after-alignment-edit.png"), full_page=True)
    context.close()
