"""Suggested originals: the list, one original's page, and accepting or declining it, with
every refusal leaving the database as it was."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from foreigndesk.intake.models import Original
from foreigndesk.newsroom.models import AuditEvent, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.search.tests.conftest import archive  # noqa: F401  (fixture)
from foreigndesk.testing import factories
from foreigndesk.testing.fixtures import snapshot as row_counts

from .conftest import Desk, client_for, suggested_original

pytestmark = pytest.mark.django_db


def test_the_list_shows_suggestions_newest_first(desk: Desk, as_editor: Client):
    older = suggested_original(title="Ältere Meldung")
    newer = suggested_original(title="Neuere Meldung")
    suggested_original(title="Schon angenommen", state=Original.State.ACCEPTED)
    content = as_editor.get(reverse("desk:suggestions")).content.decode()
    assert content.index(newer.title) < content.index(older.title)
    assert "Schon angenommen" not in content
    assert f'href="{reverse("desk:original", args=[older.pk])}"' in content


def test_the_original_page_shows_its_text_in_its_language_and_direction(
    desk: Desk, as_editor: Client
):
    original = factories.original(
        title="المياه لا تنتظر السلام",
        language_code="ar",
        outlet_obj=factories.outlet("Sada al-Nil", country_code="EG"),
        authors=["Mona Farid"],
        blocks=[{"kind": "paragraph", "text": "قالت الوزارة إن المياه لا تنتظر."}],
    )
    Original.objects.filter(pk=original.pk).update(state=Original.State.SUGGESTED)
    content = as_editor.get(reverse("desk:original", args=[original.pk])).content.decode()
    assert '<div lang="ar" dir="rtl" id="original-text">' in content
    assert 'lang="ar" dir="rtl" id="original-title">المياه لا تنتظر السلام</h1>' in content
    for fact in ("Sada al-Nil (Egypt)", "Mona Farid", "Arabic", "2 November 2026", original.url):
        assert fact in content
    assert 'id="accept-form"' in content
    assert 'id="decline-form"' in content


def test_a_translator_sees_an_original_without_the_triage_forms(desk: Desk, as_translator: Client):
    original = suggested_original()
    content = as_translator.get(reverse("desk:original", args=[original.pk])).content.decode()
    assert original.title in content
    assert 'id="accept-form"' not in content


def test_duplicate_hints(archive, desk: Desk, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        fresh = Original.objects.create(
            title="Niedrigwasser am Rhein: Binnenschiffer verringern Ladungen",
            language=archive["barges"].original.language,
            blocks=[{"kind": "paragraph", "text": "Der Pegel bei Kaub fiel auf einen Rekordwert."}],
            state=Original.State.SUGGESTED,
        )
    content = client_for(desk.editor).get(reverse("desk:original", args=[fresh.pk])).content
    hints = content.decode()
    assert 'id="duplicate-hints"' in hints
    assert "Low water on the Rhine squeezes barges" in hints


def test_accept_opens_a_translation_in_the_queue(desk: Desk, as_editor: Client):
    original = suggested_original()
    response = as_editor.post(
        reverse("desk:original_accept", args=[original.pk]),
        {"accept-reason": "Our readers follow the ferry."},
    )
    translation = Translation.objects.get(original=original)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:translation", args=[translation.pk])
    assert translation.state == State.ACCEPTED
    original.refresh_from_db()
    assert original.state == Original.State.ACCEPTED
    event = AuditEvent.objects.get(action="accept")
    assert (event.actor, event.comment) == (desk.editor, "Our readers follow the ferry.")
    page = as_editor.get(response["Location"]).content.decode()
    assert "is accepted: it is in the open queue" in page


def test_decline(desk: Desk, as_editor: Client):
    original = suggested_original()
    response = as_editor.post(
        reverse("desk:original_decline", args=[original.pk]),
        {"decline-reason": "Covered last week."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:suggestions")
    original.refresh_from_db()
    assert original.state == Original.State.DECLINED
    assert not Translation.objects.exists()


@pytest.mark.parametrize(
    ("who", "move", "data", "state", "status", "message"),
    [
        ("claimant", "accept", {"accept-reason": "Good."}, 10, 403, "Only an editor can accept"),
        ("claimant", "decline", {"decline-reason": "No."}, 10, 403, "Only an editor can decline"),
        ("editor", "accept", {"accept-reason": "  "}, 10, 400, "worth translating"),
        ("editor", "decline", {"decline-reason": ""}, 10, 400, "Say why"),
        (
            "editor",
            "accept",
            {"accept-reason": "Good."},
            90,
            409,
            "is declined; it cannot be accepted",
        ),
        (
            "editor",
            "decline",
            {"decline-reason": "No."},
            20,
            409,
            "is accepted; it cannot be declined",
        ),
    ],
)
def test_refusals_change_nothing(desk: Desk, who, move, data, state, status, message):
    original = suggested_original(state=state)
    client = client_for(desk.person(who))
    before = row_counts(), Original.objects.filter(pk=original.pk).values().get()
    response = client.post(reverse(f"desk:original_{move}", args=[original.pk]), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert 'id="desk-error"' in response.content.decode()
    assert (row_counts(), Original.objects.filter(pk=original.pk).values().get()) == before


def test_a_login_without_a_role_cannot_triage(desk: Desk, as_nobody: Client):
    original = suggested_original()
    response = as_nobody.post(
        reverse("desk:original_accept", args=[original.pk]), {"accept-reason": "Good."}
    )
    assert response.status_code == 403
    original.refresh_from_db()
    assert original.state == Original.State.SUGGESTED
