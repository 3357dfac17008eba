"""Link posts on the desk: an editor posts a suggested original as a link, and later has it
translated in full at the same address."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.models import AuditEvent, Credit, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import WorkflowError

from .conftest import suggested_original

pytestmark = pytest.mark.django_db

TITLE = "The Sorel ferry runs again"
SUMMARY = "After two winters of repairs, the ferry across the river returns on Monday."


def post(client, original, **fields):
    data = {"link-title": TITLE, "link-summary": SUMMARY}
    data.update({f"link-{name}": value for name, value in fields.items()})
    return client.post(reverse("desk:original_post_link", args=[original.pk]), data)


def rows() -> tuple[int, int, list[int]]:
    return (
        Translation.objects.count(),
        AuditEvent.objects.count(),
        list(Original.objects.order_by("pk").values_list("state", flat=True)),
    )


def test_an_editor_posts_a_suggested_original_as_a_link(as_editor, desk, client):
    original = suggested_original()
    page = as_editor.get(reverse("desk:original", args=[original.pk]))
    assert b'id="link-form"' in page.content
    response = post(as_editor, original)
    link = Translation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:translation", args=[link.pk])
    assert (link.kind, link.state, link.title, link.standfirst, link.blocks) == (
        Translation.Kind.LINK,
        State.PUBLISHED,
        TITLE,
        SUMMARY,
        [],
    )
    assert link.published_at is not None
    original.refresh_from_db()
    assert original.state == Original.State.ACCEPTED
    event = AuditEvent.objects.get(action="post_link")
    assert (event.actor, event.translation, event.original) == (desk.editor, link, original)
    # Readers see it at once.
    assert client.get(link.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"summary": ""}, "Check the form: Summary: This field is required."),
        ({"title": "   "}, "Check the form: Title in English: This field is required."),
        (
            {"title": "x" * 501},
            "Check the form: Title in English: Ensure this value has at most "
            "500 characters (it has 501).",
        ),
        ({"summary": "x" * 601}, "The summary has 601 characters; a link post's is at most 600."),
    ],
)
def test_bad_input_is_refused_by_name_and_changes_nothing(as_editor, desk, fields, message):
    original = suggested_original()
    before = rows()
    response = post(as_editor, original, **fields)
    assert response.status_code == 400
    error = lxml_html.fromstring(response.content).cssselect("#desk-error")[0].text_content()
    assert error == message
    assert rows() == before


def test_an_original_without_an_address_cannot_be_a_link(as_editor, desk):
    original = suggested_original()
    Original.objects.filter(pk=original.pk).update(url="", published_on=None)
    before = rows()
    response = post(as_editor, original)
    assert response.status_code == 400
    error = lxml_html.fromstring(response.content).cssselect("#desk-error")[0].text_content()
    assert error.endswith(
        "cannot be posted as a link yet; it needs: the original's address "
        "(a link post links to it); the original's date."
    )
    assert rows() == before


def test_translators_cannot_post_links(as_translator, desk):
    original = suggested_original()
    assert (
        b'id="link-form"'
        not in as_translator.get(reverse("desk:original", args=[original.pk])).content
    )
    before = rows()
    assert post(as_translator, original).status_code == 403
    assert rows() == before


def test_a_link_post_is_translated_in_full_at_the_same_address(as_editor, desk, client):
    link = transitions.post_link(
        actor=desk.editor, original=suggested_original(), title=TITLE, summary=SUMMARY
    )
    address = link.get_absolute_url()
    page = as_editor.get(reverse("desk:translation", args=[link.pk]))
    assert b"Translate it in full" in page.content
    seen = lxml_html.fromstring(page.content).cssselect("input[name='translate_link-seen']")[0]
    response = as_editor.post(
        reverse("desk:translation_move", args=[link.pk, "translate_link"]),
        {"translate_link-seen": seen.get("value"), "translate_link-comment": ""},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.state, link.kind) == (State.ACCEPTED, Translation.Kind.LINK)
    # Readers keep the link post meanwhile, at its address.
    reading = client.get(address)
    assert reading.status_code == 200
    assert b"as a direct link to the original article" in reading.content
    # Translated, approved and published: the same address now serves the translation.
    Translation.objects.filter(pk=link.pk).update(
        blocks=[{"kind": "paragraph", "text": "The ferry returns on Monday."}],
        state=State.APPROVED,
        approved_by=desk.chief,
    )
    Credit.objects.create(
        translation=link, contributor=desk.claimant.contributor, role=Credit.Role.TRANSLATOR
    )
    link.refresh_from_db()
    published = transitions.publish(actor=desk.editor, translation=link)
    assert published.kind == Translation.Kind.TRANSLATION
    assert published.get_absolute_url() == address
    reading = client.get(address)
    assert reading.status_code == 200
    assert b"The ferry returns on Monday." in reading.content
    assert b"as a direct link to the original article" not in reading.content


def test_a_full_translation_is_not_offered_nor_made_a_full_translation_again(as_editor, desk):
    from .conftest import translation_in

    translation = translation_in(State.PUBLISHED, desk)
    page = as_editor.get(reverse("desk:translation", args=[translation.pk]))
    assert b"Translate it in full" not in page.content
    with pytest.raises(WorkflowError, match="is already a full translation"):
        transitions.translate_link(actor=desk.editor, translation=translation)
    translation.refresh_from_db()
    assert translation.state == State.PUBLISHED
