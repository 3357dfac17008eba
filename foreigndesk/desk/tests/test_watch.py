"""The desk's pages for originals changed by their outlets after publication."""

from __future__ import annotations

import pytest

from foreigndesk.intake.models import OriginalWatch
from foreigndesk.newsroom.models import AuditEvent
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

pytestmark = pytest.mark.django_db

BEFORE = [
    "Le bac de Sorel reprend son service lundi matin, après trois mois de travaux sur le quai.",
    "Le dernier départ aura lieu à vingt heures, a précisé la mairie dans un communiqué.",
]


def html(*paragraphs: str) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Le bac de Sorel</title>"
        f"</head><body><article><h1>Le bac de Sorel</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture
def watched(web):
    url = web.add("/bac", Route(html(*BEFORE)))
    original = factories.original(
        title="Le bac de Sorel",
        language_code="fr",
        url=url,
        blocks=[{"kind": "paragraph", "text": text} for text in BEFORE],
        outlet_obj=factories.outlet(),
    )
    translation = factories.translation(
        original_obj=original,
        title="The Sorel ferry returns",
        blocks=[
            {"kind": "paragraph", "text": "The Sorel ferry returns to service on Monday."},
            {"kind": "paragraph", "text": "The last crossing will leave at eight in the evening."},
        ],
    )
    return original, translation


def test_an_editor_fetches_again_sees_the_change_and_marks_it_checked(web, watched, as_editor):
    original, translation = watched
    web.add(
        "/bac", Route(html(BEFORE[0], BEFORE[1].replace("vingt heures", "vingt et une heures")))
    )
    response = as_editor.post(f"/desk/originals/{original.pk}/watch/check/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Changed" in page
    assert "vingt<ins> et une</ins> heures" in page
    assert "The last crossing will leave at eight in the evening." in page
    assert f"/desk/translations/{translation.pk}/#move-correct" in page

    listing = as_editor.get("/desk/originals/changed/").content.decode()
    assert "Le bac de Sorel" in listing

    done = as_editor.post(f"/desk/originals/{original.pk}/watch/checked/", follow=True)
    assert done.status_code == 200
    assert OriginalWatch.objects.get(original=original).outcome == "unchanged"
    assert AuditEvent.objects.filter(action="original_checked").count() == 1
    assert "No original has changed." in done.content.decode()


def test_nothing_to_check_changes_nothing(watched, as_editor):
    original, _ = watched
    response = as_editor.post(f"/desk/originals/{original.pk}/watch/checked/", follow=True)
    assert "no change of this original waiting" in response.content.decode()
    assert not AuditEvent.objects.filter(action="original_checked").exists()


def test_a_translator_cannot_see_the_watch(watched, as_translator):
    original, _ = watched
    assert as_translator.get(f"/desk/originals/{original.pk}/watch/").status_code == 403
    assert as_translator.get("/desk/originals/changed/").status_code == 403
