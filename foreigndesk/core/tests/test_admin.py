"""Every admin page an editor uses opens, and saving a translation keeps its text and alignment."""

import pytest
from django.urls import reverse

from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@desk.example", "pw-for-tests")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "core/country",
        "core/language",
        "accounts/contributor",
        "intake/outlet",
        "intake/author",
        "intake/original",
        "newsroom/topic",
        "newsroom/translation",
        "reader/dailyviews",
        "reader/relatedarticle",
    ],
)
def test_lists_and_add_forms_open(editor_client, model):
    factories.full_article()
    assert editor_client.get(f"/admin/{model}/").status_code == 200
    assert editor_client.get(f"/admin/{model}/add/").status_code == 200


def test_translation_form_shows_text_and_pairs_as_plain_text(editor_client):
    translation = factories.full_article(
        alignment=[
            {"original": [0, 1], "translation": [0]},
            {"original": [2], "translation": [1, 2]},
        ]
    )
    response = editor_client.get(
        reverse("admin:newsroom_translation_change", args=[translation.pk])
    )
    body = response.content.decode()
    assert "## A subheading" in body
    assert "1, 2 = 1" in body
    assert "2-1" in body  # the preview names the kind of each pair


def _post_data(translation, **changes):
    fields = {
        "standfirst": "",
        "editor_note": "",
        "blocks": "First paragraph.\n\n## Sub\n\nLast paragraph.",
        "alignment": "1 = 1\n2 = 2\n3 = 3",
    }
    return factories.admin_form_data(translation, **{**fields, **changes})


def test_saving_keeps_an_editors_alignment_and_raises_the_revision(editor_client):
    translation = factories.full_article()
    url = reverse("admin:newsroom_translation_change", args=[translation.pk])
    response = editor_client.post(url, _post_data(translation, alignment="1, 2 = 1\n3 = 2, 3"))
    assert response.status_code == 302, response.content.decode()[:2000]
    translation.refresh_from_db()
    assert translation.blocks[1] == {"kind": "heading", "text": "Sub"}
    assert translation.alignment == [
        {"original": [0, 1], "translation": [0]},
        {"original": [2], "translation": [1, 2]},
    ]
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL
    assert translation.revision == 2


def test_an_alignment_pointing_past_the_text_is_refused(editor_client):
    translation = factories.full_article()
    url = reverse("admin:newsroom_translation_change", args=[translation.pk])
    response = editor_client.post(url, _post_data(translation, alignment="1 = 9"))
    assert response.status_code == 200
    assert "does not exist" in response.content.decode()
    translation.refresh_from_db()
    assert translation.alignment == []
